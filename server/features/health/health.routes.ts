import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { healthResponse } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/health',
      { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: healthResponse } } },
      async () => {
        try {
          await sql`select 1`.execute(deps.database.db);
        } catch {
          throw new AppError(503, 'service_unavailable', 'The database does not answer.');
        }
        return { status: 'ok' as const, database: deps.database.dialect, version: deps.config.version };
      },
    );
}
