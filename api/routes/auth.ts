// Staff login with a session cookie. The same 401 for an unknown user and a wrong password, and
// the same time spent on both, so the answer does not tell which usernames exist. Failed sign-ins
// are throttled per account and per address, in the database (lib/staff/sign-in.ts).
import type { FastifyPluginAsync } from 'fastify';
import { ProblemError, validationProblem } from '../../lib/problem.ts';
import { MAX_LOGIN_PASSWORD_BYTES } from '../../lib/staff/passwords.ts';
import { appendAudit, userActor } from '../../lib/audit.ts';
import { CSRF_HEADER, csrfTokenFor } from '../../lib/staff/csrf-token.ts';
import { SESSION_TTL_MS, createSession, deleteSession } from '../../lib/staff/sessions-repository.ts';
import { signIn } from '../../lib/staff/sign-in.ts';
import { findStaffUser } from '../../lib/staff/repository.ts';
import { SESSION_COOKIE, currentUser, problemResponses, type RouteDeps } from '../route-kit.ts';

interface LoginBody {
  username: string;
  password: string;
}

const csrfHeaderDoc = {
  [CSRF_HEADER]: {
    type: 'string',
    description: 'The session\'s anti-forgery token: send it back in this header on state changes from a client that sends neither Origin nor Sec-Fetch-Site (curl, scripts)',
  },
};

export const authRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, config, passwords }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    // Lax keeps the cookie off cross-site POSTs; pages of the same site on other ports still get it,
    // which is what api/cross-origin-guard.ts is for.
    sameSite: 'lax' as const,
    secure: config.api.secureCookies,
  };

  app.post<{ Body: LoginBody }>('/login', {
    config: { access: 'public', establishesSession: true },
    schema: {
      summary: 'Log in; sets the session cookie',
      description: `Failed attempts are throttled per username and per address: a growing wait, then a lock-out of ${Math.round(config.signIn.account.lockMs / 60000)} min after ${config.signIn.account.lockAfter} failures of one username; 429 with Retry-After says when to try again. A password longer than ${MAX_LOGIN_PASSWORD_BYTES} bytes is refused unchecked.`,
      tags: ['auth'],
      body: { $ref: 'Login#' },
      response: {
        200: { $ref: 'StaffUser#', description: 'Logged in', headers: csrfHeaderDoc },
        ...problemResponses(400, 401, 429),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    // The schema bounds characters; the hash's input is bytes (a character may take four).
    if (Buffer.byteLength(password, 'utf8') > MAX_LOGIN_PASSWORD_BYTES) {
      throw validationProblem([{ field: 'password', message: `must not be longer than ${MAX_LOGIN_PASSWORD_BYTES} bytes`, message_uk: `має бути не довшим за ${MAX_LOGIN_PASSWORD_BYTES} байтів` }]);
    }
    const outcome = await signIn({ db, passwords, policy: config.signIn }, { username, password, ip: request.ip });
    if (outcome.kind === 'throttled') {
      const who = outcome.scope === 'account' ? 'with this username' : 'from this address';
      const whoUk = outcome.scope === 'account' ? 'з цим ім’ям користувача' : 'з цієї адреси';
      const until = outcome.until.toISOString();
      reply.header('retry-after', String(outcome.retryAfterSeconds));
      throw new ProblemError(outcome.locked ? 'sign-in-locked' : 'sign-in-delayed', outcome.locked
        ? {
          detail: `Sign-in ${who} is locked after ${outcome.failures} failed attempts until ${until}; try again in ${outcome.retryAfterSeconds} s`,
          detail_uk: `Вхід ${whoUk} заблоковано після ${outcome.failures} невдалих спроб до ${until}; спробуйте через ${outcome.retryAfterSeconds} с`,
        }
        : {
          detail: `Too many failed sign-ins ${who}: the next attempt is checked after ${until}, in ${outcome.retryAfterSeconds} s`,
          detail_uk: `Забагато невдалих спроб входу ${whoUk}: наступну спробу буде перевірено після ${until}, через ${outcome.retryAfterSeconds} с`,
        });
    }
    if (outcome.kind === 'refused') {
      // Ids only: neither the typed username nor the password reaches the audit log (Law 2297-VI).
      await appendAudit(db, { actor: 'anonymous', action: 'auth.login-failed', entityType: 'staff_user', entityId: outcome.userId });
      throw new ProblemError('invalid-credentials');
    }
    const { user } = outcome;
    const session = await createSession(db, user.id);
    await appendAudit(db, { actor: userActor(user.id), action: 'auth.login', entityType: 'staff_user', entityId: user.id });
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
    reply.header(CSRF_HEADER, csrfTokenFor(session.token));
    return user;
  });

  app.post('/logout', {
    config: { access: 'staff' },
    schema: {
      summary: 'Log out; ends the session',
      tags: ['auth'],
      response: { 204: { type: 'null', description: 'Logged out' }, ...problemResponses(401, 403) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    await appendAudit(db, { actor: userActor(user.id), action: 'auth.logout', entityType: 'staff_user', entityId: user.id });
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.code(204).send();
  });

  app.get('/me', {
    config: { access: 'staff' },
    schema: {
      summary: 'The logged-in staff member',
      tags: ['auth'],
      response: { 200: { $ref: 'StaffUser#', headers: csrfHeaderDoc }, ...problemResponses(401) },
    },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    // A client holding the cookie (a reloaded page, a script with a cookie jar) gets the token again.
    if (token) reply.header(CSRF_HEADER, csrfTokenFor(token));
    return currentUser(request);
  });
};
