import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../common/api/contracts.js';
import {
  answerBody,
  answeringForm,
  answeringParams,
  answerResult,
  cycle,
  cycleComments,
  cycleCreateBody,
  cycleListQuery,
  cycleResults,
  cycleUpdateBody,
  remindersResult,
  resultsQuery,
  surveySchedule,
  surveyScheduleBody,
  surveyScheduleList,
  surveyScheduleParams,
} from '../../../common/api/surveys.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import { actorOf, pageWindow, requestOrigin } from '../../http/route-helpers.js';
import { describeAnsweringForm, submitAnswers } from './answering.service.js';
import {
  cancelScheduledCycle,
  closeCycle,
  getCycle,
  listCycles,
  openCycle,
  updateScheduledCycle,
  whenCycleOpened,
} from './cycles.service.js';
import { sendReminders } from './reminders.service.js';
import { getCycleComments, getCycleResults } from './results.service.js';
import { getSchedules, saveSchedule } from './schedules.service.js';

const cycleParams = z.object({ id: z.uuid() });

export function registerSurveyRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/survey-cycles',
    { config: { access: 'surveys.manage' }, schema: { tags: ['surveys'], body: cycleCreateBody, response: { 201: cycle } } },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const opened = await openCycle(deps, actorOf(request), request.body, requestOrigin(request));
        return { statusCode: 201, body: opened, etag: etagOf(opened.version) };
      }),
  );

  r.get(
    '/api/survey-cycles',
    {
      config: { access: 'surveys.read' },
      schema: { tags: ['surveys'], querystring: cycleListQuery, response: { 200: pageOf(cycle) } },
    },
    async (request) => {
      const result = await listCycles(deps, requireAuth(request).organisation_id, pageWindow(request.query));
      return { ...result, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/survey-cycles/:id',
    { config: { access: 'surveys.read' }, schema: { tags: ['surveys'], params: cycleParams, response: { 200: cycle } } },
    async (request, reply) => {
      const found = await getCycle(deps, requireAuth(request).organisation_id, request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  // Only a cycle that has not opened yet can be changed or cancelled: nobody has been invited.
  r.patch(
    '/api/survey-cycles/:id',
    {
      config: { access: 'surveys.manage' },
      schema: { tags: ['surveys'], params: cycleParams, body: cycleUpdateBody, response: { 200: cycle } },
    },
    async (request, reply) => {
      const updated = await updateScheduledCycle(
        deps,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body,
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  r.delete(
    '/api/survey-cycles/:id',
    { config: { access: 'surveys.manage' }, schema: { tags: ['surveys'], params: cycleParams } },
    async (request, reply) => {
      await cancelScheduledCycle(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/survey-cycles/:id/close',
    { config: { access: 'surveys.manage' }, schema: { tags: ['surveys'], params: cycleParams, response: { 200: cycle } } },
    async (request) => closeCycle(deps, actorOf(request), request.params.id),
  );

  // Every aggregate goes through the anonymity plan; see results.service.ts.
  r.get(
    '/api/survey-cycles/:id/results',
    {
      config: { access: 'surveys.read' },
      schema: { tags: ['surveys'], params: cycleParams, querystring: resultsQuery, response: { 200: cycleResults } },
    },
    async (request) => {
      const session = requireAuth(request);
      const viewer = { organisationId: session.organisation_id, role: session.role, teamId: session.team_id };
      return whenCycleOpened(deps, viewer.organisationId, request.params.id, () =>
        getCycleResults(deps, viewer, request.params.id, request.query),
      );
    },
  );

  r.get(
    '/api/survey-cycles/:id/comments',
    {
      config: { access: 'surveys.read' },
      schema: { tags: ['surveys'], params: cycleParams, querystring: resultsQuery, response: { 200: cycleComments } },
    },
    async (request) => {
      const session = requireAuth(request);
      const viewer = { organisationId: session.organisation_id, role: session.role, teamId: session.team_id };
      return whenCycleOpened(deps, viewer.organisationId, request.params.id, () =>
        getCycleComments(deps, viewer, request.params.id, request.query),
      );
    },
  );

  r.post(
    '/api/survey-cycles/:id/reminders',
    {
      config: { access: 'surveys.manage' },
      schema: { tags: ['surveys'], params: cycleParams, response: { 200: remindersResult } },
    },
    async (request) => {
      const actor = actorOf(request);
      return whenCycleOpened(deps, actor.organisationId, request.params.id, () =>
        sendReminders(deps, actor, request.params.id, requestOrigin(request)),
      );
    },
  );

  r.get(
    '/api/survey-schedules',
    { config: { access: 'surveys.read' }, schema: { tags: ['surveys'], response: { 200: surveyScheduleList } } },
    async (request) => ({ items: await getSchedules(deps, requireAuth(request).organisation_id) }),
  );

  // If-Match "0" creates a schedule never saved before (it is listed with version 0).
  r.put(
    '/api/survey-schedules/:form',
    {
      config: { access: 'surveys.manage' },
      schema: { tags: ['surveys'], params: surveyScheduleParams, body: surveyScheduleBody, response: { 200: surveySchedule } },
    },
    async (request, reply) => {
      const saved = await saveSchedule(deps, actorOf(request), request.params.form, requireIfMatch(request), request.body);
      setEtag(reply, saved.version);
      return saved;
    },
  );

  // The personal link is the credential: these routes never read the session cookie.
  r.get(
    '/api/answer/:token',
    {
      config: { access: 'public', ignoreSession: true },
      schema: { tags: ['surveys'], params: answeringParams, response: { 200: answeringForm } },
    },
    async (request) => describeAnsweringForm(deps, request.params.token),
  );

  r.post(
    '/api/answer/:token',
    {
      config: { access: 'public', ignoreSession: true },
      schema: {
        tags: ['surveys'],
        params: answeringParams,
        body: answerBody,
        response: { 200: answerResult, 201: answerResult },
      },
    },
    async (request, reply) => {
      const { replayed } = await submitAnswers(deps, request.params.token, request.body);
      return reply.status(replayed ? 200 : 201).send({ ok: true as const, replayed });
    },
  );
}
