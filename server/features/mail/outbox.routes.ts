import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { outboxMessage, pageOf, pageQuery } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { pageWindow } from '../../http/route-helpers.js';
import { listOutbox } from './outbox.repository.js';

export function registerOutboxRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/outbox',
    {
      config: { access: 'outbox.read' },
      schema: { tags: ['mail'], querystring: pageQuery, response: { 200: pageOf(outboxMessage) } },
    },
    async (request) => {
      const session = requireAuth(request);
      const { rows, total } = await listOutbox(deps.database.db, session.organisation_id, pageWindow(request.query));
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: row.created_at,
          to: row.recipient,
          subject: row.subject,
          text: row.body_text,
          status: row.status,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );
}
