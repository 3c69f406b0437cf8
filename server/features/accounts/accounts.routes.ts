import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  account,
  accountCreateBody,
  accountListQuery,
  accountUpdateBody,
  csvExportQuery,
  importInvalidResponse,
  importQuery,
  importResult,
  pageOf,
} from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import { actorOf, sendCsvFile, separatorOf } from '../../http/route-helpers.js';
import { createAccount, exportAccountsCsv, getAccount, listAccounts, updateAccount } from './accounts.service.js';
import { importAccounts } from './accounts-import.service.js';

const accountParams = z.object({ id: z.uuid() });

export function registerAccountRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/accounts',
    {
      config: { access: 'accounts.read' },
      schema: { tags: ['accounts'], querystring: accountListQuery, response: { 200: pageOf(account) } },
    },
    async (request) => listAccounts(deps, requireAuth(request).organisation_id, request.query),
  );

  r.post(
    '/api/accounts',
    {
      config: { access: 'accounts.manage' },
      schema: { tags: ['accounts'], body: accountCreateBody, response: { 201: account } },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await createAccount(deps, requireAuth(request).organisation_id, request.body);
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.get(
    '/api/accounts/export.csv',
    {
      // A bulk copy of the customer base is an admin's action, like the people export.
      config: { access: 'accounts.manage' },
      schema: {
        tags: ['accounts'],
        description: 'Every account of the organisation as CSV: name,owner_email,tier,annual_potential (UTF-8 with BOM).',
        querystring: csvExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = await exportAccountsCsv(deps, requireAuth(request).organisation_id, separatorOf(request.query));
      return sendCsvFile(reply, 'accounts', csv);
    },
  );

  r.post(
    '/api/accounts/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      config: { access: 'accounts.manage' },
      schema: {
        tags: ['accounts'],
        description:
          'Body: the CSV file (text/csv). Columns name, owner_email, tier, annual_potential (German headers accepted); ' +
          'an existing account name updates that account. dryRun=true (default) only checks. dryRun=false applies all ' +
          'rows in one transaction, or nothing: a file with problems answers 422 import_invalid with the import result ' +
          '(problems included) in error.details.',
        consumes: ['text/csv'],
        querystring: importQuery,
        body: z.string(),
        response: { 200: importResult, 422: importInvalidResponse },
      },
    },
    async (request) => importAccounts(deps, actorOf(request), request.body, { dryRun: request.query.dryRun === 'true' }),
  );

  r.get(
    '/api/accounts/:id',
    {
      config: { access: 'accounts.read' },
      schema: { tags: ['accounts'], params: accountParams, response: { 200: account } },
    },
    async (request, reply) => {
      const found = await getAccount(deps, requireAuth(request).organisation_id, request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.patch(
    '/api/accounts/:id',
    {
      config: { access: 'accounts.manage' },
      schema: { tags: ['accounts'], params: accountParams, body: accountUpdateBody, response: { 200: account } },
    },
    async (request, reply) => {
      const updated = await updateAccount(
        deps,
        requireAuth(request).organisation_id,
        request.params.id,
        requireIfMatch(request),
        request.body,
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );
}
