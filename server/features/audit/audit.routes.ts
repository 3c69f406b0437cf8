import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntry, auditListQuery, pageOf } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { pageWindow } from '../../http/route-helpers.js';
import { listAuditEntries } from './audit.repository.js';

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: { tags: ['audit'], querystring: auditListQuery, response: { 200: pageOf(auditEntry) } },
    },
    async (request) => {
      const session = requireAuth(request);
      const { rows, total } = await listAuditEntries(deps.database.db, session.organisation_id, {
        ...pageWindow(request.query),
        action: request.query.action,
      });
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: row.created_at,
          actorName: row.actor_name,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          details: JSON.parse(row.details) as Record<string, unknown>,
          ip: row.ip,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );
}
