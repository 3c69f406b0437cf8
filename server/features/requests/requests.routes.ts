import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  pageOf,
  requestAssignmentBody,
  requestComment,
  requestCommentBody,
  requestCreateBody,
  requestDetail,
  requestListQuery,
  requestRating,
  requestRatingBody,
  requestSummary,
  requestTransitionBody,
  requestWatchers,
} from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import {
  assignRequest,
  changeRating,
  commentOnRequest,
  fileRequest,
  getRequest,
  listRequests,
  rateRequest,
  transitionRequest,
  type Viewer,
  watchRequest,
} from './requests.service.js';

const requestParams = z.object({ id: z.uuid() });

function viewerOf(request: FastifyRequest): Viewer {
  const session = requireAuth(request);
  return { userId: session.user_id, organisationId: session.organisation_id, role: session.role, teamId: session.team_id };
}

export function registerRequestRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/requests',
    {
      config: { access: 'requests.read' },
      schema: {
        tags: ['requests'],
        description:
          'Requests the caller may see: a sales rep what they filed or watch, a sales lead also the team, marketing, ' +
          'executives and admins the whole organisation. sort=created (newest first) or due (due date, none last).',
        querystring: requestListQuery,
        response: { 200: pageOf(requestSummary) },
      },
    },
    async (request) => listRequests(deps, viewerOf(request), request.query),
  );

  r.post(
    '/api/requests',
    {
      config: { access: 'requests.file' },
      schema: { tags: ['requests'], body: requestCreateBody, response: { 201: requestDetail } },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await fileRequest(deps, viewerOf(request), request.body);
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.get(
    '/api/requests/:id',
    {
      config: { access: 'requests.read' },
      schema: { tags: ['requests'], params: requestParams, response: { 200: requestDetail } },
    },
    async (request, reply) => {
      const found = await getRequest(deps, viewerOf(request), request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.post(
    '/api/requests/:id/transitions',
    {
      config: { access: 'requests.read' },
      schema: {
        tags: ['requests'],
        description:
          'Moves the request along its workflow (If-Match required). Marketing works it up to delivery; the requester ' +
          'answers while waiting, closes, or reopens within 14 days. declined and reopening need a reason. ' +
          'A move the workflow does not allow answers 409 invalid_transition.',
        params: requestParams,
        body: requestTransitionBody,
        response: { 200: requestDetail },
      },
    },
    async (request, reply) => {
      const changed = await transitionRequest(deps, viewerOf(request), request.params.id, requireIfMatch(request), request.body);
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.patch(
    '/api/requests/:id/assignment',
    {
      config: { access: 'requests.work' },
      schema: { tags: ['requests'], params: requestParams, body: requestAssignmentBody, response: { 200: requestDetail } },
    },
    async (request, reply) => {
      const changed = await assignRequest(
        deps,
        viewerOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body.assigneeId,
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.post(
    '/api/requests/:id/comments',
    {
      config: { access: 'requests.comment' },
      schema: {
        tags: ['requests'],
        description: 'Internal notes are for marketing only. The requester answering while waiting for sales resumes the work.',
        params: requestParams,
        body: requestCommentBody,
        response: { 201: requestComment },
      },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => ({
        statusCode: 201,
        body: await commentOnRequest(deps, viewerOf(request), request.params.id, request.body),
      })),
  );

  r.post(
    '/api/requests/:id/watchers/me',
    {
      config: { access: 'requests.read' },
      schema: { tags: ['requests'], params: requestParams, response: { 200: requestWatchers } },
    },
    async (request) => watchRequest(deps, viewerOf(request), request.params.id, true),
  );

  r.delete(
    '/api/requests/:id/watchers/me',
    {
      config: { access: 'requests.read' },
      schema: { tags: ['requests'], params: requestParams, response: { 200: requestWatchers } },
    },
    async (request) => watchRequest(deps, viewerOf(request), request.params.id, false),
  );

  r.post(
    '/api/requests/:id/rating',
    {
      config: { access: 'requests.file' },
      schema: {
        tags: ['requests'],
        description:
          'The requester rates a delivered or closed request once (1–5, an optional comment, "extra mile"). ' +
          'Any other status, or a second rating, answers 409 conflict; change a rating with PUT.',
        params: requestParams,
        body: requestRatingBody,
        response: { 201: requestRating },
      },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const rated = await rateRequest(deps, viewerOf(request), request.params.id, request.body);
        return { statusCode: 201, body: rated, etag: etagOf(rated.version) };
      }),
  );

  r.put(
    '/api/requests/:id/rating',
    {
      config: { access: 'requests.file' },
      schema: {
        tags: ['requests'],
        description:
          "The requester changes the rating within 14 days of delivery (If-Match with the rating's ETag); later answers 409 conflict.",
        params: requestParams,
        body: requestRatingBody,
        response: { 200: requestRating },
      },
    },
    async (request, reply) => {
      const changed = await changeRating(deps, viewerOf(request), request.params.id, requireIfMatch(request), request.body);
      setEtag(reply, changed.version);
      return changed;
    },
  );
}
