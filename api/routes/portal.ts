// The citizen portal (DESIGN.md "What the citizen sees"): a few static pages and ES modules from
// portal/, served from a fixed list (no path from the request ever reaches the file system), and
// the appeal schema the API validates with, so the form checks the very same rules (lib/appeals/schemas.ts).
// Files are read when they change (mtime), so editing portal/ needs no restart; every answer
// carries an ETag and `no-cache`: the browser revalidates, and a page never runs with stale scripts.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { appealSchema } from '../../lib/appeals/schemas.ts';
import { infoRequestSchema } from '../../lib/info-requests/schemas.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

const portalDir = new URL('../../portal/', import.meta.url);

const HTML = 'text/html; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const JSON_TYPE = 'application/schema+json; charset=utf-8';

/** Page path → file; `/` is served by home.ts through `sendPortalPage`. */
export const PORTAL_PAGES = {
  '/': 'index.html',
  '/deadlines': 'deadlines.html',
  '/appeal': 'appeal.html',
  '/info-request': 'info-request.html',
  '/track': 'track.html',
  '/register': 'register.html',
  '/verify': 'verify.html',
} as const;

/** Everything under /portal/ that exists: name → content type. */
const ASSETS: Readonly<Record<string, string>> = {
  'portal.css': CSS,
  'common.js': JS,
  'strings.js': JS,
  'format.js': JS,
  'explain.js': JS,
  'schema-check.js': JS,
  'deadlines.js': JS,
  'appeal.js': JS,
  'form-kit.js': JS,
  'code-lookup.js': JS,
  'info-request.js': JS,
  'track.js': JS,
  'register.js': JS,
  'verify.js': JS,
};

/** Shared with the API's own validation of POST /api/v1/appeals and /api/v1/info-requests. */
/** The schemas the portal's forms check with: the very objects the API validates with. */
const SCHEMAS: Readonly<Record<string, unknown>> = { 'appeal.json': appealSchema, 'info-request.json': infoRequestSchema };
const schemaFiles = new Map(Object.entries(SCHEMAS).map(([name, schema]) => {
  const body = Buffer.from(`${JSON.stringify(schema, null, 2)}\n`);
  return [name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }];
}));

// Scripts and styles from this origin only, no inline code: an injected string can never run.
// The tracking code lives in the fragment; no-referrer keeps even the path from other sites.
const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface Cached { mtimeMs: number; body: Buffer; etag: string }

const cache = new Map<string, Cached>();

async function load(url: URL): Promise<Cached> {
  const { mtimeMs } = await stat(url);
  const key = url.href;
  const hit = cache.get(key);
  if (hit && hit.mtimeMs === mtimeMs) return hit;
  const body = await readFile(url);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const entry = { mtimeMs, body, etag };
  cache.set(key, entry);
  return entry;
}

function ifNoneMatch(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === etag || t === '*');
}

async function send(request: FastifyRequest, reply: FastifyReply, url: URL, type: string, headers: Readonly<Record<string, string>> = {}) {
  const file = await load(url);
  reply.headers({ ...headers, 'cache-control': 'no-cache', etag: file.etag });
  if (ifNoneMatch(request, file.etag)) return reply.code(304).send();
  return reply.type(type).send(file.body);
}

/** The start page (`/`), for home.ts. */
export function sendPortalPage(request: FastifyRequest, reply: FastifyReply, page: keyof typeof PORTAL_PAGES) {
  return send(request, reply, new URL(PORTAL_PAGES[page], portalDir), HTML, securityHeaders);
}

const fileResponse = { 200: { type: 'string' }, 304: { type: 'null', description: 'Not modified (ETag)' } };

export const portalRoutes: FastifyPluginAsync = async (app) => {
  for (const page of Object.keys(PORTAL_PAGES) as Array<keyof typeof PORTAL_PAGES>) {
    if (page === '/') continue;
    app.get(page, {
      config: { access: 'public' },
      schema: { summary: `Portal page ${page}`, tags: ['portal'], hide: true, response: fileResponse },
    }, (request, reply) => sendPortalPage(request, reply, page));
  }

  app.get<{ Params: { file: string } }>('/portal/:file', {
    config: { access: 'public' },
    schema: {
      summary: 'Portal script or style sheet', tags: ['portal'], hide: true,
      params: {
        type: 'object', required: ['file'],
        properties: { file: { type: 'string', enum: Object.keys(ASSETS) } },
        additionalProperties: false,
      },
      response: fileResponse,
    },
  }, (request, reply) => {
    const { file } = request.params;
    return send(request, reply, new URL(file, portalDir), ASSETS[file] ?? 'application/octet-stream', { 'x-content-type-options': 'nosniff' });
  });

  app.get<{ Params: { file: string } }>('/portal/schemas/:file', {
    config: { access: 'public' },
    schema: {
      summary: 'JSON Schema the portal form validates with (the same file the API uses)', tags: ['portal'],
      params: {
        type: 'object', required: ['file'],
        properties: { file: { type: 'string', enum: Object.keys(SCHEMAS) } },
        additionalProperties: false,
      },
      response: fileResponse,
    },
  }, (request, reply) => {
    const file = schemaFiles.get(request.params.file) ?? schemaFiles.get('appeal.json')!;
    reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', etag: file.etag });
    if (ifNoneMatch(request, file.etag)) return reply.code(304).send();
    return reply.type(JSON_TYPE).send(file.body);
  });
};
