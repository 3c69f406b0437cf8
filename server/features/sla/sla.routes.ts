import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  businessCalendar,
  businessCalendarBody,
  publicHoliday,
  publicHolidaysQuery,
  slaPolicy,
  slaPolicyBody,
  slaPolicyParams,
} from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { requireIfMatch, setEtag } from '../../http/etag.js';
import {
  getBusinessCalendar,
  listPublicHolidays,
  listSlaPolicies,
  resetSlaPolicy,
  setSlaPolicy,
  updateBusinessCalendar,
} from './sla.service.js';

export function registerSlaRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/settings/business-calendar',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['sla'], response: { 200: businessCalendar } },
    },
    async (request, reply) => {
      const found = await getBusinessCalendar(deps, requireAuth(request).organisation_id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.put(
    '/api/settings/business-calendar',
    {
      config: { access: 'sla.manage' },
      schema: {
        tags: ['sla'],
        description:
          'Replaces the business calendar (If-Match required; fields left out take their defaults). Invalid settings ' +
          'answer 400 validation_failed listing every problem in error.details. Applies to SLA computations from now on.',
        body: businessCalendarBody,
        response: { 200: businessCalendar },
      },
    },
    async (request, reply) => {
      const changed = await updateBusinessCalendar(
        deps,
        requireAuth(request).organisation_id,
        requireIfMatch(request),
        request.body,
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.get(
    '/api/settings/business-calendar/holidays',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['sla'],
        description: "The public holidays that close business in a year under the organisation's calendar.",
        querystring: publicHolidaysQuery,
        response: { 200: z.array(publicHoliday) },
      },
    },
    async (request) => listPublicHolidays(deps, requireAuth(request).organisation_id, request.query.year),
  );

  r.get(
    '/api/sla-policies',
    {
      config: { access: 'sla.read' },
      schema: {
        tags: ['sla'],
        description:
          'Every request type × priority with the targets in force (business minutes) and whether they are the default.',
        response: { 200: z.array(slaPolicy) },
      },
    },
    async (request) => listSlaPolicies(deps, requireAuth(request).organisation_id),
  );

  r.put(
    '/api/sla-policies/:typeId/:priority',
    {
      config: { access: 'sla.manage' },
      schema: {
        tags: ['sla'],
        description:
          'Sets the targets of a type and priority (If-Match: the version read, "0" for a default). Requests already ' +
          'filed keep the targets they were filed with.',
        params: slaPolicyParams,
        body: slaPolicyBody,
        response: { 200: slaPolicy },
      },
    },
    async (request, reply) => {
      const { typeId, priority } = request.params;
      const changed = await setSlaPolicy(
        deps,
        requireAuth(request).organisation_id,
        typeId,
        priority,
        requireIfMatch(request),
        request.body,
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    '/api/sla-policies/:typeId/:priority',
    {
      config: { access: 'sla.manage' },
      schema: {
        tags: ['sla'],
        description: 'Goes back to the default targets (If-Match required).',
        params: slaPolicyParams,
        response: { 200: slaPolicy },
      },
    },
    async (request, reply) => {
      const { typeId, priority } = request.params;
      const reset = await resetSlaPolicy(deps, requireAuth(request).organisation_id, typeId, priority, requireIfMatch(request));
      setEtag(reply, reset.version);
      return reset;
    },
  );
}
