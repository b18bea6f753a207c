// The HTTP API: infrastructure plugins (errors, schemas, auth, docs), then one plugin per domain.
// Building the app starts nothing: main.ts listens, tests call inject().
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyPluginAsync, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import ajvFormats from 'ajv-formats';
import type { ErrorObject, Plugin } from 'ajv';
import type { RuntimeConfig } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import { EngineUnavailableError, type EngineClient } from '../lib/engine-client.ts';
import { createFileStore, type FileStore } from '../lib/file-store.ts';
import {
  PROBLEM_CONTENT_TYPE, ProblemError, fieldErrorsFromAjv, problemBody, problemCatalogue, problemSchema,
  validationProblem, type FieldError, type ProblemCode, type ProblemDetails,
} from '../lib/problem.ts';
import { findSessionUserId } from '../lib/staff/sessions-repository.ts';
import { findStaffUser, type StaffUser } from '../lib/staff/repository.ts';
import { documentMetadataSchema } from '../lib/correspondence/schemas.ts';
import { loginSchema } from '../lib/staff/schemas.ts';
import { taskCompletionSchema } from '../lib/tasks/schemas.ts';
import { storableTextErrors } from '../lib/storable-text.ts';
import { SESSION_COOKIE, problemResponses, type Access, type RouteDeps } from './route-kit.ts';
import { passwordHasher, type PasswordHasher } from '../lib/staff/passwords.ts';
import { crossOriginGuard } from './cross-origin-guard.ts';
import { ROUTER_ERROR_HEADERS, securityHeaders } from './security-headers.ts';
import type { SupervisionReport } from '../lib/supervision/report.ts';
import { domains } from '../lib/domains.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes } from './routes/home.ts';
import { portalRoutes } from './routes/portal.ts';
import { authRoutes } from './routes/auth.ts';
import { taskRoutes } from './routes/tasks.ts';
import { searchRoutes } from './routes/search.ts';
import { deadlineRoutes } from './routes/deadlines.ts';
import { calendarAdminRoutes } from './routes/calendar-admin.ts';
import { trackRoutes } from './routes/cases/track.ts';
import { nomenclatureRoutes } from './routes/nomenclature.ts';

export interface AppDeps {
  config: RuntimeConfig;
  db: Db;
  engine: EngineClient;
  /** pino options, or a pino instance to share with the rest of the process; false for silence. */
  logger?: boolean | FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** The process-start outbox; the API kicks it after accepting a document. */
  starter?: { kick(): void };
  /** Defaults to the content-addressed store under config.filesDir. */
  files?: FileStore;
  /** Defaults to argon2id (lib/staff/passwords.ts); the tests wrap it to count hashes. */
  passwords?: PasswordHasher;
  /** The processes behind the API, for /health (lib/supervision/report.ts); without it /health reports the API's own parts only. */
  supervision?: () => Promise<SupervisionReport>;
}

function isLoggerInstance(value: unknown): value is FastifyBaseLogger {
  return typeof value === 'object' && value !== null
    && typeof (value as { child?: unknown }).child === 'function' && typeof (value as { info?: unknown }).info === 'function';
}

/**
 * The request as Fastify logs it, with the tracking code of `/track/<code>` blanked: the code is a
 * bearer secret to someone's case (Law 2297-VI), and the URL is in every "incoming request" line.
 */
export function redactLoggedUrl(url: string): string {
  return url.replace(/(\/track\/)[^/?#]+/gi, '$1[redacted]');
}

function requestSerializer(request: FastifyRequest) {
  return { method: request.method, url: redactLoggedUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

function instanceOf(request: FastifyRequest): string {
  // Only the path: a query string could carry what must not be echoed or logged.
  return request.url.split('?')[0] ?? request.url;
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, code: ProblemCode,
  details: ProblemDetails = {}, status?: number) {
  const body = problemBody(code, instanceOf(request), details);
  if (status !== undefined) body.status = status;
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

const multipartErrors: Record<string, { code: ProblemCode; field: string; message: string; message_uk: string }> = {
  FST_REQ_FILE_TOO_LARGE: { code: 'payload-too-large', field: 'file', message: 'is larger than the upload limit', message_uk: 'перевищує допустимий розмір' },
  FST_FILES_LIMIT: { code: 'validation', field: 'file', message: 'exactly one file is expected', message_uk: 'очікується рівно один файл' },
  FST_FIELDS_LIMIT: { code: 'validation', field: 'metadata', message: 'too many form fields', message_uk: 'забагато полів форми' },
  FST_PARTS_LIMIT: { code: 'validation', field: 'file', message: 'too many form parts', message_uk: 'забагато частин форми' },
  FST_PROTO_VIOLATION: { code: 'validation', field: '(form)', message: 'field name not allowed', message_uk: 'недозволена назва поля' },
  FST_INVALID_JSON_FIELD_ERROR: { code: 'validation', field: 'metadata', message: 'is not valid JSON', message_uk: 'не є коректним JSON' },
};

/**
 * Busboy's own errors for a body that is not a whole multipart form (cut before its closing
 * boundary, no boundary, a boundary longer than its parser takes; RFC 2046 allows 70 characters):
 * plain Errors without a code, told apart by their message. The client's fault, so a 400, not a 500.
 */
const MALFORMED_MULTIPART = new RegExp('^(Unexpected end of multipart data|\\w+ terminated early due to unexpected end of multipart data'
  + '|Multipart: Boundary not found|Boundary required|The needle cannot have a length bigger than 256\\.)$');

const statusCodes: Record<number, ProblemCode> = {
  400: 'bad-request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found', 413: 'payload-too-large', 414: 'uri-too-long', 415: 'unsupported-media-type',
};

/**
 * The router's own refusals, before any route or hook runs (Fastify's `frameworkErrors`): a path
 * segment that is not valid percent-encoding, or longer than the router takes (100 characters,
 * more than any identifier of the API). Problem+json like every other answer.
 */
function routerProblem(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) {
  reply.headers(ROUTER_ERROR_HEADERS);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, request, 'uri-too-long', {
      detail: 'A path segment is longer than 100 characters', detail_uk: 'Частина шляху довша за 100 символів',
    });
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(reply, request, 'bad-request', {
      detail: 'The path is not valid percent-encoded UTF-8', detail_uk: 'Шлях не є коректно закодованим UTF-8',
    });
  }
  request.log.error({ err: error }, 'router error');
  return sendProblem(reply, request, 'internal', {
    detail: `Something went wrong; quote request id ${request.id} when reporting it`,
    detail_uk: `Сталася помилка; повідомляючи про неї, вкажіть ідентифікатор запиту ${request.id}`,
  });
}

/** One error handler for the whole API: everything leaves as problem+json, 5xx without internals. */
const problems = fp(async (app: FastifyInstance) => {
  app.addSchema(problemSchema);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number; validation?: ErrorObject[]; validationContext?: string }, request, reply) => {
    if (error instanceof ProblemError) {
      if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
      return sendProblem(reply, request, error.code, error.details);
    }
    if (error.validation) {
      const errors = fieldErrorsFromAjv(error.validation);
      const fields = [...new Set(errors.map((e) => e.field))];
      const where = error.validationContext === 'params' ? 'path' : error.validationContext ?? 'body';
      return sendProblem(reply, request, 'validation', {
        detail: `Invalid ${where} field(s): ${fields.join(', ')}`,
        detail_uk: `Перевірте поля: ${fields.join(', ')}`,
        errors,
      });
    }
    const mapped = error.code ? multipartErrors[error.code] : undefined;
    if (mapped) {
      return sendProblem(reply, request, mapped.code, {
        detail: `${mapped.field}: ${mapped.message}`, detail_uk: `${mapped.field}: ${mapped.message_uk}`,
        errors: [{ field: mapped.field, message: mapped.message, message_uk: mapped.message_uk }],
      });
    }
    if (!error.code && MALFORMED_MULTIPART.test(error.message)) {
      const message = 'is not a complete multipart/form-data body (cut before its closing boundary, or without one)';
      const message_uk = 'не є повним тілом multipart/form-data (обірване до завершальної межі або без неї)';
      return sendProblem(reply, request, 'validation', {
        detail: `(form): ${message}`, detail_uk: `(form): ${message_uk}`, errors: [{ field: '(form)', message, message_uk }],
      });
    }
    if (error instanceof EngineUnavailableError) {
      request.log.warn({ err: error }, 'engine unavailable');
      return sendProblem(reply, request, 'engine-unavailable');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx messages (bad JSON, wrong content type, body too large) say nothing internal.
      const code = statusCodes[status] ?? 'bad-request';
      return sendProblem(reply, request, code, { detail: error.message, detail_uk: problemCatalogue[code].title_uk }, status);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 'internal', {
      detail: `Something went wrong; quote request id ${request.id} when reporting it`,
      detail_uk: `Сталася помилка; повідомляючи про неї, вкажіть ідентифікатор запиту ${request.id}`,
    });
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, 'not-found', {
    detail: `No route ${request.method} ${instanceOf(request)}`,
    detail_uk: `Немає ресурсу ${request.method} ${instanceOf(request)}`,
  }));
}, { name: 'hromada-problems' });

/**
 * Text the database cannot store (NUL, lone surrogates) and values nested too deep are refused on
 * every route, in the path, the query and the body, before the route's schema or handler sees them
 * (lib/storable-text.ts): one check for every field rather than a pattern on each. Fastify does not
 * parse multipart forms, so their JSON part is checked where it is read (api/multipart-intake.ts,
 * api/routes/correspondence/documents.ts).
 */
const storableInput = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    const errors = [
      ...storableTextErrors(request.params),
      ...storableTextErrors(request.query),
      ...storableTextErrors(request.body),
    ];
    if (errors.length > 0) throw validationProblem(errors);
  });
}, { name: 'hromada-storable-input', dependencies: ['hromada-problems'] });

/** Shared schemas, referenced by `$ref` from every route plugin. */
const schemas = fp(async (app: FastifyInstance) => {
  app.addSchema(documentMetadataSchema);
  app.addSchema(loginSchema);
  app.addSchema(taskCompletionSchema);
  app.addSchema({
    $id: 'Department',
    type: 'object',
    required: ['code', 'name'],
    properties: { code: { type: 'string' }, name: { type: 'string', description: 'Ukrainian name' } },
    additionalProperties: false,
  });
  app.addSchema({
    $id: 'StaffUser',
    type: 'object',
    required: ['id', 'username', 'fullName', 'roles', 'groups', 'department'],
    properties: {
      id: { type: 'integer' },
      username: { type: 'string' },
      fullName: { type: 'string' },
      roles: { type: 'array', items: { type: 'string' } },
      groups: { type: 'array', items: { type: 'string' }, description: 'Candidate groups of the process engine' },
      department: { anyOf: [{ $ref: 'Department#' }, { type: 'null' }] },
    },
    additionalProperties: false,
  });
  app.addSchema({ $id: 'Uuid', type: 'string', format: 'uuid' });
}, { name: 'hromada-schemas', dependencies: ['hromada-problems'] });

/**
 * Sessions and access rules. Every route must state `config.access`; a route without one fails at
 * startup rather than being open by accident. Checked in onRequest, before the body is read, so an
 * anonymous caller can neither upload nor probe validation.
 */
const auth = fp(async (app: FastifyInstance, deps: { db: Db }) => {
  app.decorateRequest('user', null);

  app.addHook('onRoute', (route) => {
    if (route.config?.access !== undefined) return;
    // The documentation UI's own routes (assets, its JSON copy of the spec) are public like /openapi.json.
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    throw new Error(`route ${String(route.method)} ${route.url} declares no config.access`);
  });

  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access ?? 'staff';
    if (access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const userId = await findSessionUserId(deps.db, token);
      if (userId !== undefined) request.user = (await findStaffUser(deps.db, userId)) ?? null;
    }
    if (!request.user) throw new ProblemError('unauthenticated');
    if (access !== 'staff' && !access.some((role) => request.user?.roles.includes(role))) {
      throw new ProblemError('forbidden', {
        detail: `Requires one of the roles: ${access.join(', ')}`,
        detail_uk: `Потрібна одна з ролей: ${access.join(', ')}`,
      });
    }
  });
}, { name: 'hromada-auth', dependencies: ['@fastify/cookie', 'hromada-problems'] });

const docs = fp(async (app: FastifyInstance, deps: { publicUrl: string }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hromada API',
        version: '0.1.0',
        description: 'Document flow of the city administration. Errors are problem+json (RFC 9457) with Ukrainian texts beside the English ones.',
      },
      servers: [{ url: deps.publicUrl }],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
    },
    refResolver: {
      // Component names from the schemas' $id ("Problem", "DocumentMetadata") instead of def-0, def-1.
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    transform: ({ schema, url, route }) => {
      if (!schema) return { schema, url };
      const access = (route.config as { access?: Access } | undefined)?.access;
      const methods = [route.method].flat();
      // Every state change may be refused as coming from another origin (api/cross-origin-guard.ts).
      const refusable = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)) && !(schema.response as Record<string, unknown> | undefined)?.['403'];
      const documented = refusable ? { ...schema, response: { ...(schema.response as object | undefined), ...problemResponses(403) } } : schema;
      if (access === undefined || access === 'public') return { schema: documented, url };
      return { schema: { ...documented, security: [{ session: [] }] }, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', {
    config: { access: 'public' },
    schema: {
      hide: true,
      response: { 200: { type: 'object', additionalProperties: true, description: 'OpenAPI 3.1 document' } },
    },
  }, async () => app.swagger());
}, { name: 'hromada-docs', dependencies: ['hromada-auth', 'hromada-schemas'] });

export function buildApp(deps: AppDeps): FastifyInstance {
  const { config } = deps;
  const options: FastifyServerOptions = {
    genReqId: () => randomUUID(),
    frameworkErrors: routerProblem,
    // Bodies of JSON routes are small; uploads go through multipart with their own limit.
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: true },
      // ajv-formats' option type is narrower than Fastify's generic plugin slot.
      plugins: [ajvFormats.default as unknown as Plugin<unknown>],
    },
  };
  const requested = deps.logger ?? true;
  const app: FastifyInstance = isLoggerInstance(requested)
    ? Fastify({ ...options, loggerInstance: requested.child({}, { serializers: { req: requestSerializer } }) })
    : Fastify({
      ...options,
      // Cookies are credentials: never in a log line, whatever a caller's serializers do.
      logger: requested === false ? false : {
        level: config.logLevel,
        redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
        serializers: { req: requestSerializer },
        ...(typeof requested === 'object' ? requested : {}),
      },
    });

  const routeDeps: RouteDeps = {
    config,
    db: deps.db,
    engine: deps.engine,
    starter: deps.starter ?? { kick() {} },
    files: deps.files ?? createFileStore(config.filesDir),
    passwords: deps.passwords ?? passwordHasher,
    supervision: deps.supervision,
  };

  // Infrastructure first; the domain plugins rely on its schemas, hooks and decorators.
  // Security headers first: their onRequest hook must run before any hook that may refuse.
  app.register(problems);
  app.register(securityHeaders, { publicUrl: config.api.publicUrl });
  app.register(storableInput);
  app.register(schemas);
  app.register(cookie);
  app.register(crossOriginGuard, { publicUrl: config.api.publicUrl, sessionCookie: SESSION_COOKIE });
  app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: config.api.uploadLimitBytes,
      files: 1,
      fields: 4,
      parts: 6,
      fieldSize: 64 * 1024,
      headerPairs: 100,
    },
  });
  app.register(auth, { db: deps.db });
  app.register(docs, { publicUrl: config.api.publicUrl });

  app.register(homeRoutes);
  app.register(portalRoutes);
  app.register(healthRoutes, routeDeps);
  app.register(authRoutes, { ...routeDeps, prefix: '/api/v1/auth' });
  app.register(taskRoutes, { ...routeDeps, prefix: '/api/v1/tasks' });
  app.register(searchRoutes, { ...routeDeps, prefix: '/api/v1/documents' });
  app.register(deadlineRoutes, { ...routeDeps, prefix: '/api/v1/deadlines' });
  app.register(calendarAdminRoutes, { ...routeDeps, prefix: '/api/v1/calendar' });
  app.register(trackRoutes, { ...routeDeps, prefix: '/api/v1/track' });
  app.register(nomenclatureRoutes, { ...routeDeps, prefix: '/api/v1/nomenclature' });
  // Each domain's routes, found by its name in the one list (lib/domains.ts): api/routes/<name>/index.ts.
  for (const domain of domains.filter((d) => d.layers.api)) {
    app.register(async (scope) => {
      const { domainRoutes } = (await import(`./routes/${domain.name}/index.ts`)) as { domainRoutes: FastifyPluginAsync<RouteDeps> };
      await scope.register(domainRoutes, routeDeps);
    });
  }

  return app;
}
