/**
 * Session resolution, the per-route access rule, and CSRF protection, as one onRequest hook.
 * Every /api route must declare `config.access`; a route without one stops the server at start.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { type ResolvedSession, resolveSession } from '../features/auth/auth.service.js';
import { tokensEqual } from '../lib/tokens.js';
import { type AccessRule, allows } from '../policies/access.js';
import { AppError, forbidden } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: ResolvedSession | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    access?: AccessRule;
    /** The route authenticates by a token in its URL (a survey link) and never looks at the session cookie. */
    ignoreSession?: boolean;
  }
  interface FastifyInstance {
    /** Every API route with its access rule, for the access matrix test and audits of the API surface. */
    apiRoutes: ApiRoute[];
  }
}

export interface ApiRoute {
  method: string;
  url: string;
  access: AccessRule;
}

export function sessionCookieName(config: Config) {
  return config.secureCookies ? '__Host-tandem_session' : 'tandem_session';
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(sessionCookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in person of a route whose rule requires one. */
export function requireAuth(request: FastifyRequest): ResolvedSession {
  if (!request.auth) throw new AppError(401, 'unauthenticated', 'Please sign in.');
  return request.auth;
}

function checkOrigin(request: FastifyRequest, config: Config) {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new AppError(403, 'csrf_failed', 'Cross-site request refused.');
  const origin = request.headers.origin;
  if (!origin) return;
  const allowed = config.publicUrl ? new URL(config.publicUrl).host : request.headers.host;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError(403, 'csrf_failed', 'Cross-site request refused.');
  }
  if (host !== allowed) throw new AppError(403, 'csrf_failed', 'Cross-site request refused.');
}

export function registerAuth(app: FastifyInstance, deps: { config: Config; database: Database }) {
  const cookieName = sessionCookieName(deps.config);
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionToken', null);

  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith('/api')) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${methods.join(',')} ${url} declares no access rule (config.access).`);
    for (const method of methods) apiRoutes.push({ method, url, access });
  });

  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config?.access;
    if (!rule) return;
    const token = request.routeOptions.config?.ignoreSession ? undefined : request.cookies[cookieName];
    if (token) {
      request.auth = await resolveSession(deps.database.db, token);
      request.sessionToken = request.auth ? token : null;
    }
    if (!SAFE_METHODS.has(request.method)) {
      checkOrigin(request, deps.config);
      if (request.auth) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !tokensEqual(sent, request.auth.csrf_token)) {
          throw new AppError(403, 'csrf_failed', 'Missing or wrong CSRF token. Reload the page and try again.');
        }
      }
    }
    if (rule === 'public') return;
    if (!request.auth) throw new AppError(401, 'unauthenticated', 'Please sign in.');
    if (!allows(rule, request.auth.role)) throw forbidden();
  });
}
