import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  csvExportQuery,
  importInvalidResponse,
  importResult,
  pageOf,
  peopleImportQuery,
  person,
  personCreateBody,
  personListQuery,
  personUpdateBody,
} from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import { actorOf, requestOrigin, sendCsvFile, separatorOf } from '../../http/route-helpers.js';
import {
  createPerson,
  deactivatePerson,
  exportPeopleCsv,
  getPerson,
  listPeople,
  reactivatePerson,
  resendInvitation,
  updatePerson,
} from './people.service.js';
import { importPeople } from './people-import.service.js';

const personParams = z.object({ id: z.uuid() });
const CSV_BODY_LIMIT = 20 * 1024 * 1024;

export function registerPeopleRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/people',
    {
      config: { access: 'people.read' },
      schema: { tags: ['people'], querystring: personListQuery, response: { 200: pageOf(person) } },
    },
    async (request) => listPeople(deps, requireAuth(request).organisation_id, request.query),
  );

  r.post(
    '/api/people',
    {
      config: { access: 'people.manage' },
      schema: { tags: ['people'], body: personCreateBody, response: { 201: person } },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await createPerson(deps, actorOf(request), request.body, requestOrigin(request));
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.get(
    '/api/people/export.csv',
    {
      config: { access: 'people.manage' },
      schema: {
        tags: ['people'],
        description: 'Everyone of the organisation as CSV: email,name,role,team,region,start_date,status (UTF-8 with BOM).',
        querystring: csvExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = await exportPeopleCsv(deps, requireAuth(request).organisation_id, separatorOf(request.query));
      return sendCsvFile(reply, 'people', csv);
    },
  );

  r.post(
    '/api/people/import',
    {
      bodyLimit: CSV_BODY_LIMIT,
      config: { access: 'people.manage' },
      schema: {
        tags: ['people'],
        description:
          'Body: the CSV file (text/csv). Columns email, name, role, team, region, start_date (German headers accepted). ' +
          'dryRun=true (default) only checks. dryRun=false applies all rows in one transaction, or nothing: a file with ' +
          'problems answers 422 import_invalid with the import result (problems included) in error.details.',
        consumes: ['text/csv'],
        querystring: peopleImportQuery,
        body: z.string(),
        response: { 200: importResult, 422: importInvalidResponse },
      },
    },
    async (request) =>
      importPeople(deps, actorOf(request), request.body, {
        dryRun: request.query.dryRun === 'true',
        invite: request.query.invite === 'true',
        origin: requestOrigin(request),
      }),
  );

  r.get(
    '/api/people/:id',
    {
      config: { access: 'people.read' },
      schema: { tags: ['people'], params: personParams, response: { 200: person } },
    },
    async (request, reply) => {
      const found = await getPerson(deps, requireAuth(request).organisation_id, request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.patch(
    '/api/people/:id',
    {
      config: { access: 'people.manage' },
      schema: { tags: ['people'], params: personParams, body: personUpdateBody, response: { 200: person } },
    },
    async (request, reply) => {
      const updated = await updatePerson(deps, actorOf(request), request.params.id, requireIfMatch(request), request.body);
      setEtag(reply, updated.version);
      return updated;
    },
  );

  r.post(
    '/api/people/:id/deactivate',
    {
      config: { access: 'people.manage' },
      schema: {
        tags: ['people'],
        description: 'Ends every session of the person at once. Refused (409) for the last active admin.',
        params: personParams,
        response: { 200: person },
      },
    },
    async (request, reply) => {
      const changed = await deactivatePerson(deps, actorOf(request), request.params.id);
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.post(
    '/api/people/:id/reactivate',
    {
      config: { access: 'people.manage' },
      schema: {
        tags: ['people'],
        description: 'Back to active, or to invited when the person never set a password.',
        params: personParams,
        response: { 200: person },
      },
    },
    async (request, reply) => {
      const changed = await reactivatePerson(deps, actorOf(request), request.params.id);
      setEtag(reply, changed.version);
      return changed;
    },
  );

  r.post(
    '/api/people/:id/invite',
    {
      config: { access: 'people.manage' },
      schema: {
        tags: ['people'],
        description: 'Sends a new invitation link to an invited person; 409 when they are active or deactivated.',
        params: personParams,
        response: { 200: person },
      },
    },
    async (request, reply) => {
      const invited = await resendInvitation(deps, actorOf(request), request.params.id, requestOrigin(request));
      setEtag(reply, invited.version);
      return invited;
    },
  );
}
