import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { demoSetupResponse, sessionResponse, setupBody, setupStatusResponse } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { setSessionCookie } from '../../http/auth.js';
import { findSessionResponse } from '../auth/session.presenter.js';
import { needsSetup, setUpDemo, setUpOrganisation } from './setup.service.js';

export function registerSetupRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/setup',
    { config: { access: 'public' }, schema: { tags: ['setup'], response: { 200: setupStatusResponse } } },
    async () => ({ needsSetup: await needsSetup(deps) }),
  );

  r.post(
    '/api/setup',
    { config: { access: 'public' }, schema: { tags: ['setup'], body: setupBody, response: { 200: sessionResponse } } },
    async (request, reply) => {
      const signedIn = await setUpOrganisation(deps, { ...request.body, ip: request.ip });
      setSessionCookie(reply, deps.config, signedIn.sessionToken);
      return findSessionResponse(deps, signedIn);
    },
  );

  r.post(
    '/api/setup/demo',
    { config: { access: 'public' }, schema: { tags: ['setup'], response: { 200: demoSetupResponse } } },
    async () => setUpDemo(deps),
  );
}
