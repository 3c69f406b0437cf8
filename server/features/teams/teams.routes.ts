import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, team, teamCreateBody, teamListQuery, teamUpdateBody } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { etagOf, requireIfMatch, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import { pageWindow } from '../../http/route-helpers.js';
import { listTeams } from './teams.repository.js';
import { createTeam, getTeam, presentTeam, updateTeam } from './teams.service.js';

const teamParams = z.object({ id: z.uuid() });

export function registerTeamRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/teams',
    {
      config: { access: 'teams.read' },
      schema: { tags: ['teams'], querystring: teamListQuery, response: { 200: pageOf(team) } },
    },
    async (request) => {
      const session = requireAuth(request);
      const { rows, total } = await listTeams(deps.database.db, session.organisation_id, {
        ...pageWindow(request.query),
        q: request.query.q,
        kind: request.query.kind,
      });
      return { items: rows.map(presentTeam), total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.post(
    '/api/teams',
    { config: { access: 'teams.manage' }, schema: { tags: ['teams'], body: teamCreateBody, response: { 201: team } } },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await createTeam(deps, requireAuth(request).organisation_id, request.body);
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.get(
    '/api/teams/:id',
    { config: { access: 'teams.read' }, schema: { tags: ['teams'], params: teamParams, response: { 200: team } } },
    async (request, reply) => {
      const session = requireAuth(request);
      const found = await getTeam(deps, session.organisation_id, request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.patch(
    '/api/teams/:id',
    {
      config: { access: 'teams.manage' },
      schema: { tags: ['teams'], params: teamParams, body: teamUpdateBody, response: { 200: team } },
    },
    async (request, reply) => {
      const session = requireAuth(request);
      const updated = await updateTeam(deps, session.organisation_id, request.params.id, requireIfMatch(request), request.body);
      setEtag(reply, updated.version);
      return updated;
    },
  );
}
