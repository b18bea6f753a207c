// Security headers on every answer of the API, by @fastify/helmet: JSON, problems, 404s, the docs and
// the portal alike. An API answer is never a page, so its policy allows nothing at all; the portal's
// pages send their own strict policy (api/routes/portal.ts), which replaces this one, and Swagger UI
// at /docs gets the least it needs to run (its scripts and styles, the spec from this origin).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/** For answers that are not pages: nothing may load, frame or submit from them. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/**
 * Swagger UI's own files (@fastify/swagger-ui): scripts and style sheets from /docs/static, no
 * inline script (its initializer is a file), fetches of /docs/json and, with "Try it out", of the
 * API, both this origin. React sets styles through the DOM, which style-src does not govern, but
 * the bundle also inserts <style> elements: those need 'unsafe-inline' for styles only.
 */
export const DOCS_CSP = {
  defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'], connectSrc: ["'self'"], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"],
};

/**
 * PDFs the browser shows inline (signed answers, the register's copies): Chromium's viewer is a
 * plugin in a page it makes up, with inline styles; under `default-src 'none'` it stays blank
 * (crbug.com/271452). A PDF runs no script of ours, so it gets the plugin and the styles, and still
 * cannot be framed, submit or load from elsewhere.
 */
export const PDF_CSP = "default-src 'none';object-src 'self';style-src 'unsafe-inline';img-src 'self' data:;frame-ancestors 'none';base-uri 'none';form-action 'none'";

/**
 * What the router's own refusals carry (Fastify's frameworkErrors run before any hook, so helmet
 * never sees them): the same headers as every other problem answer, written out. The headers test
 * (test/api/infrastructure.test.ts) compares both.
 */
export const ROUTER_ERROR_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

export const securityHeaders = fp(async (app: FastifyInstance, options: { publicUrl: string }) => {
  const https = options.publicUrl.toLowerCase().startsWith('https:');
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    xFrameOptions: { action: 'deny' },
    // The tracking code is in the fragment, which no Referer carries; no-referrer keeps even the
    // path (a document id, a register entry) from other sites.
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS means something only over HTTPS (browsers ignore it on http://); a year, this host only.
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: false } : false,
  });

  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) reply.header('content-security-policy', PDF_CSP);
  });

  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } } } as typeof route.config;
    }
  });
}, { name: 'hromada-security-headers', dependencies: ['hromada-problems'] });
