import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { mySurveyLink, mySurveyList, mySurveyParams } from '../../../common/api/my-surveys.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/route-helpers.js';
import { issueMySurveyLink, listMySurveys } from './my-surveys.service.js';

/** Everyone invited to a survey sees it in the app, whatever their role: the invitation is the right. */
export function registerMySurveyRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/my-surveys',
    { config: { access: 'signed_in' }, schema: { tags: ['surveys'], response: { 200: mySurveyList } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await listMySurveys(deps, actorOf(request)) };
    },
  );

  // Not idempotent by key: a repeat simply issues another link, and only the latest one works.
  r.post(
    '/api/my-surveys/:id/link',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['surveys'], params: mySurveyParams, response: { 200: mySurveyLink } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return issueMySurveyLink(deps, actorOf(request), request.params.id);
    },
  );
}
