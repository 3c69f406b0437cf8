import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboard, dashboardCsvQuery, dashboardQuery } from '../../../common/api/dashboard.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { sendCsvFile, separatorOf } from '../../http/route-helpers.js';
import { getDashboard, type Viewer } from './dashboard.service.js';
import { dashboardCsvOf } from './dashboard-csv.js';

function viewerOf(session: ReturnType<typeof requireAuth>): Viewer {
  return { organisationId: session.organisation_id, role: session.role, teamId: session.team_id };
}

export function registerAnalyticsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Every figure goes through the anonymity plan; see dashboard.service.ts.
  r.get(
    '/api/dashboard',
    {
      config: { access: 'dashboard.read' },
      schema: { tags: ['dashboard'], querystring: dashboardQuery, response: { 200: dashboard } },
    },
    async (request) => getDashboard(deps, viewerOf(requireAuth(request)), request.query),
  );

  r.get(
    '/api/dashboard/export.csv',
    {
      config: { access: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        description:
          'The dashboard of a cycle and group as CSV; withheld figures are empty, a withheld group one line with its reason.',
        querystring: dashboardCsvQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { separator, ...query } = request.query;
      const result = await getDashboard(deps, viewerOf(requireAuth(request)), query);
      return sendCsvFile(reply, 'trust-dashboard', dashboardCsvOf(result, separatorOf({ separator })));
    },
  );
}
