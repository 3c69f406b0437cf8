import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestReport, requestReportCsvQuery, requestReportQuery } from '../../../common/api/reports.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { sendCsvFile, separatorOf } from '../../http/route-helpers.js';
import { exportRequestReportCsv, getRequestReport } from './reports.service.js';

const RANGE_RULES =
  'Requests filed from the first day of `from` to the last day of `to` (months YYYY-MM in the business calendar’s ' +
  'time zone, at most 24 months); a reversed or longer range answers 400 validation_failed.';

export function registerReportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/reports/requests',
    {
      config: { access: 'reports.read' },
      schema: {
        tags: ['reports'],
        description:
          `SLA attainment (first response, resolution), median business hours, rating average and extra miles, grouped ` +
          `by request type, the requester's team or month, with totals. ${RANGE_RULES}`,
        querystring: requestReportQuery,
        response: { 200: requestReport },
      },
    },
    async (request) => getRequestReport(deps, requireAuth(request).organisation_id, request.query),
  );

  r.get(
    '/api/reports/requests/export.csv',
    {
      config: { access: 'reports.read' },
      schema: {
        tags: ['reports'],
        description:
          `The same report as CSV (UTF-8 with BOM, stable English column ids, a final "total" row; with ` +
          `separator=semicolon decimals use a comma). ${RANGE_RULES}`,
        querystring: requestReportCsvQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { separator, ...query } = request.query;
      const csv = await exportRequestReportCsv(deps, requireAuth(request).organisation_id, query, separatorOf({ separator }));
      return sendCsvFile(reply, 'request-report', csv);
    },
  );
}
