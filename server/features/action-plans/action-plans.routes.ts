import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actionPlan,
  actionPlanCreateBody,
  actionPlanListQuery,
  actionPlanOwnerOption,
  actionPlanPage,
  actionPlanStepBody,
  actionPlanUpdateBody,
} from '../../../common/api/action-plans.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import {
  createActionPlan,
  deleteActionPlan,
  getActionPlan,
  listActionPlans,
  listOwnerOptions,
  setActionPlanStep,
  updateActionPlan,
  type Viewer,
} from './action-plans.service.js';

const planParams = z.object({ id: z.uuid() });
const stepParams = z.object({ id: z.uuid(), stepId: z.uuid() });

function viewerOf(request: FastifyRequest): Viewer {
  const session = requireAuth(request);
  return {
    userId: session.user_id,
    organisationId: session.organisation_id,
    role: session.role,
    teamId: session.team_id,
    ip: request.ip,
  };
}

export function registerActionPlanRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/action-plans',
    {
      config: { access: 'action_plans.read' },
      schema: {
        tags: ['action-plans'],
        description:
          'Plans the caller may read, by due date: marketing leads, executives and admins all; a sales lead the ' +
          'organisation-wide plans and their team’s; a marketer the organisation-wide ones; everyone the plans they own. ' +
          'cycleId filters by the baseline cycle; scope is a team id or "organisation".',
        querystring: actionPlanListQuery,
        response: { 200: actionPlanPage },
      },
    },
    async (request) => listActionPlans(deps, viewerOf(request), request.query),
  );

  r.post(
    '/api/action-plans',
    {
      config: { access: 'action_plans.manage' },
      schema: { tags: ['action-plans'], body: actionPlanCreateBody, response: { 201: actionPlan } },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await createActionPlan(deps, viewerOf(request), request.body);
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.get(
    '/api/action-plans/owner-options',
    {
      config: { access: 'action_plans.manage' },
      schema: { tags: ['action-plans'], response: { 200: z.array(actionPlanOwnerOption) } },
    },
    async (request) => listOwnerOptions(deps, viewerOf(request)),
  );

  r.get(
    '/api/action-plans/:id',
    {
      config: { access: 'action_plans.read' },
      schema: { tags: ['action-plans'], params: planParams, response: { 200: actionPlan } },
    },
    async (request, reply) => {
      const found = await getActionPlan(deps, viewerOf(request), request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.patch(
    '/api/action-plans/:id',
    {
      config: { access: 'action_plans.read' },
      schema: {
        tags: ['action-plans'],
        description:
          'Changes a plan (If-Match required). Marketing leads and admins change anything; the owner changes the ' +
          'status and ticks steps off. steps replaces the ordered list; a step keeps its state through its id.',
        params: planParams,
        body: actionPlanUpdateBody,
        response: { 200: actionPlan },
      },
    },
    async (request, reply) => {
      const changed = await updateActionPlan(deps, viewerOf(request), request.params.id, requireIfMatch(request), request.body);
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.put(
    '/api/action-plans/:id/steps/:stepId',
    {
      config: { access: 'action_plans.read' },
      schema: {
        tags: ['action-plans'],
        description:
          'Sets one step done or not done (the owner, marketing leads, admins). No If-Match: the state is sent, not ' +
          'toggled, so concurrent ticks on different steps never overwrite each other.',
        params: stepParams,
        body: actionPlanStepBody,
        response: { 200: actionPlan },
      },
    },
    async (request, reply) => {
      const changed = await setActionPlanStep(
        deps,
        viewerOf(request),
        request.params.id,
        request.params.stepId,
        request.body.done,
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    '/api/action-plans/:id',
    {
      config: { access: 'action_plans.manage' },
      schema: { tags: ['action-plans'], params: planParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteActionPlan(deps, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
