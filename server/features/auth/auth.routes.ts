import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  invitationAcceptBody,
  invitationInfoResponse,
  loginBody,
  okResponse,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  sessionResponse,
} from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { clearSessionCookie, requireAuth, setSessionCookie } from '../../http/auth.js';
import { requestOrigin } from '../../http/route-helpers.js';
import * as auth from './auth.service.js';
import { findSessionResponse } from './session.presenter.js';

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    { config: { access: 'public' }, schema: { tags: ['auth'], body: loginBody, response: { 200: sessionResponse } } },
    async (request, reply) => {
      const signedIn = await auth.signIn(deps, { ...request.body, ip: request.ip });
      if (request.sessionToken) await auth.signOut(deps.database.db, request.sessionToken);
      setSessionCookie(reply, deps.config, signedIn.sessionToken);
      return findSessionResponse(deps, signedIn);
    },
  );

  r.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: okResponse } } },
    async (request, reply) => {
      if (request.sessionToken) await auth.signOut(deps.database.db, request.sessionToken);
      clearSessionCookie(reply, deps.config);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/session',
    { config: { access: 'signed_in' }, schema: { tags: ['auth'], response: { 200: sessionResponse } } },
    async (request) => {
      const session = requireAuth(request);
      return findSessionResponse(deps, { userId: session.user_id, csrfToken: session.csrf_token });
    },
  );

  r.post(
    '/api/auth/password-reset/request',
    { config: { access: 'public' }, schema: { tags: ['auth'], body: passwordResetRequestBody, response: { 200: okResponse } } },
    async (request) => {
      await auth.requestPasswordReset(deps, request.body.email, requestOrigin(request), request.ip);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/password-reset/confirm',
    { config: { access: 'public' }, schema: { tags: ['auth'], body: passwordResetConfirmBody, response: { 200: okResponse } } },
    async (request) => {
      await auth.confirmPasswordReset(deps, request.body.token, request.body.password, request.ip);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/invitations/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        params: z.object({ token: z.string().min(10).max(200) }),
        response: { 200: invitationInfoResponse },
      },
    },
    async (request) => auth.describeInvitation(deps, request.params.token),
  );

  r.post(
    '/api/auth/invitations/accept',
    { config: { access: 'public' }, schema: { tags: ['auth'], body: invitationAcceptBody, response: { 200: sessionResponse } } },
    async (request, reply) => {
      const signedIn = await auth.acceptInvitation(deps, request.body.token, request.body.password, request.ip);
      setSessionCookie(reply, deps.config, signedIn.sessionToken);
      return findSessionResponse(deps, signedIn);
    },
  );
}
