// No forged requests: one check for every app the API serves (portal, tasklist, modeler) and every
// state change (POST, PUT, PATCH, DELETE), before the body is read or a session is looked up.
//
// SameSite=Lax alone is not enough: a page on another port of the same host (or any subdomain of
// the same site) is "same-site", so the browser sends it the session cookie. What tells such a page
// apart is its origin, which the browser states and a page cannot forge:
//
//  1. `Sec-Fetch-Site: same-origin` (Chromium, Firefox, Safari 16.4+): allowed;
//  2. else an `Origin` equal to the API's public origin (config.api.publicUrl), or to the origin the
//     request was made to (same host:port as `Host`): allowed;
//  3. else any `Origin` (including "null") or any other `Sec-Fetch-Site`: a browser request from a
//     page of another origin, refused, signed in or not (a forged sign-in is refused too);
//  4. neither header: not a browser, or one too old to send them (Firefox before 70 sends no Origin
//     on form posts). Without a session cookie there is nothing to abuse: allowed. With one, the
//     request must carry the session's anti-forgery token in `x-csrf-token`
//     (lib/staff/csrf-token.ts), which the login answer and GET /api/v1/auth/me give in the same
//     header; a page of another origin can make the browser send the cookie but can never read the
//     token, nor set that header without a CORS preflight, which this API never grants.
//
// So no assumption about who sends no headers is needed: such a request proves it read the token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../lib/problem.ts';
import { CSRF_HEADER, csrfTokenMatches } from '../lib/staff/csrf-token.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route signs in: a stale cookie it ignores needs no token (the browser checks of steps 1-3
     * still hold, so no page of another origin can sign someone in as the attacker).
     */
    establishesSession?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossOriginInput {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  host: string | undefined;
  csrfToken: string | undefined;
  /** The value of the session cookie, if the request carries one. */
  sessionToken: string | undefined;
  establishesSession: boolean;
}

export type Verdict = { allowed: true } | { allowed: false; detail: string; detail_uk: string };

function shown(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

/** Origin equal to the public one, or to the one the request was sent to (same host:port). */
export function isOwnOrigin(origin: string, publicOrigin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Browsers send the serialised origin and nothing else; anything more is not one of theirs.
  if (url.origin !== origin) return false;
  if (url.origin === publicOrigin) return true;
  if (!host) return false;
  try {
    // Through URL, so that a default port written out ("example.org:443") compares equal.
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}

export function crossOriginVerdict(input: CrossOriginInput, publicOrigin: string): Verdict {
  if (SAFE_METHODS.has(input.method)) return { allowed: true };
  const { origin, secFetchSite } = input;
  if (secFetchSite === 'same-origin') return { allowed: true };
  if (origin !== undefined) {
    if (origin !== 'null' && isOwnOrigin(origin, publicOrigin, input.host)) return { allowed: true };
    return {
      allowed: false,
      detail: `Origin ${shown(origin)} is not this API's origin (${publicOrigin}): state changes are accepted only from its own pages`,
      detail_uk: `Origin ${shown(origin)} не є джерелом цього API (${publicOrigin}): зміни приймаються лише з його власних сторінок`,
    };
  }
  if (secFetchSite !== undefined) {
    return {
      allowed: false,
      detail: `The browser marked the request Sec-Fetch-Site: ${shown(secFetchSite)}: state changes are accepted only from this API's own pages (${publicOrigin})`,
      detail_uk: `Браузер позначив запит Sec-Fetch-Site: ${shown(secFetchSite)}: зміни приймаються лише з власних сторінок цього API (${publicOrigin})`,
    };
  }
  if (!input.sessionToken || input.establishesSession) return { allowed: true };
  if (csrfTokenMatches(input.sessionToken, input.csrfToken)) return { allowed: true };
  return input.csrfToken === undefined
    ? {
      allowed: false,
      detail: `A request with a session cookie but without Origin or Sec-Fetch-Site must carry the session's ${CSRF_HEADER} header (given by the login answer and GET /api/v1/auth/me)`,
      detail_uk: `Запит із сесійним cookie, але без Origin і Sec-Fetch-Site має містити заголовок ${CSRF_HEADER} цієї сесії (його дають відповідь на вхід і GET /api/v1/auth/me)`,
    }
    : {
      allowed: false,
      detail: `The ${CSRF_HEADER} header does not belong to this session`,
      detail_uk: `Заголовок ${CSRF_HEADER} не належить цій сесії`,
    };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export const crossOriginGuard = fp(async (app: FastifyInstance, options: { publicUrl: string; sessionCookie: string }) => {
  const publicOrigin = new URL(options.publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    const verdict = crossOriginVerdict({
      method: request.method,
      origin: header(request, 'origin'),
      secFetchSite: header(request, 'sec-fetch-site'),
      host: header(request, 'host'),
      csrfToken: header(request, CSRF_HEADER),
      sessionToken: request.cookies[options.sessionCookie] || undefined,
      establishesSession: request.routeOptions.config?.establishesSession === true,
    }, publicOrigin);
    if (!verdict.allowed) throw new ProblemError('cross-origin-request', { detail: verdict.detail, detail_uk: verdict.detail_uk });
  });
}, { name: 'hromada-cross-origin-guard', dependencies: ['@fastify/cookie', 'hromada-problems'] });
