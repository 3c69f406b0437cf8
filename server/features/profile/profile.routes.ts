import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { passwordChangeBody, profileUpdateBody, sessionResponse } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth, setSessionCookie } from '../../http/auth.js';
import { changePassword } from '../auth/auth.service.js';
import { findSessionResponse } from '../auth/session.presenter.js';
import { updateOwnProfile } from './profile.service.js';

export function registerProfileRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.patch(
    '/api/profile',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['profile'], body: profileUpdateBody, response: { 200: sessionResponse } },
    },
    async (request) => {
      const session = requireAuth(request);
      await updateOwnProfile(deps, session.user_id, request.body);
      return findSessionResponse(deps, { userId: session.user_id, csrfToken: session.csrf_token });
    },
  );

  r.post(
    '/api/profile/password',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['profile'], body: passwordChangeBody, response: { 200: sessionResponse } },
    },
    async (request, reply) => {
      const session = requireAuth(request);
      const signedIn = await changePassword(deps, {
        userId: session.user_id,
        organisationId: session.organisation_id,
        sessionToken: request.sessionToken ?? '',
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        ip: request.ip,
      });
      setSessionCookie(reply, deps.config, signedIn.sessionToken);
      return findSessionResponse(deps, signedIn);
    },
  );
}
