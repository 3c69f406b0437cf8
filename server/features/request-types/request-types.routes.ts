import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  requestTypeCreateBody,
  requestTypeListQuery,
  requestTypeSetting,
  requestTypeUpdateBody,
} from '../../../common/api/request-types.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import { type Actor, createRequestType, listRequestTypeSettings, updateRequestType } from './request-types.service.js';

const typeParams = z.object({ id: z.uuid() });

function actorOf(request: FastifyRequest): Actor {
  const session = requireAuth(request);
  return { userId: session.user_id, organisationId: session.organisation_id, role: session.role, ip: request.ip };
}

export function registerRequestTypeRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/request-types',
    {
      config: { access: 'requests.read' },
      schema: {
        tags: ['requests'],
        description:
          'The active request types, oldest first. includeInactive=true adds the deactivated ones; only for those who ' +
          'see every request (their queue still shows those types), others get 403.',
        querystring: requestTypeListQuery,
        response: { 200: z.array(requestTypeSetting) },
      },
    },
    async (request) => listRequestTypeSettings(deps, actorOf(request), request.query.includeInactive === 'true'),
  );

  r.post(
    '/api/request-types',
    {
      config: { access: 'sla.manage' },
      schema: {
        tags: ['requests'],
        description:
          'Adds a request type (Idempotency-Key honoured). Names are 1–80 characters and unique per language, ignoring ' +
          'case: a taken name answers 409 name_taken with the field in error.details. The key is derived from the ' +
          'English name and never changes. New types start with the default SLA targets.',
        body: requestTypeCreateBody,
        response: { 201: requestTypeSetting },
      },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await createRequestType(deps, actorOf(request), request.body);
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.patch(
    '/api/request-types/:id',
    {
      config: { access: 'sla.manage' },
      schema: {
        tags: ['requests'],
        description:
          'Renames, deactivates or reactivates a type (If-Match required). Requests filed with a deactivated type keep ' +
          'it; new requests with it answer 409 request_type_inactive. The last active type cannot be deactivated ' +
          '(409 last_active_request_type).',
        params: typeParams,
        body: requestTypeUpdateBody,
        response: { 200: requestTypeSetting },
      },
    },
    async (request, reply) => {
      const updated = await updateRequestType(deps, actorOf(request), request.params.id, requireIfMatch(request), request.body);
      setEtag(reply, updated.version);
      return updated;
    },
  );
}
