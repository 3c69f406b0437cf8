import type { Kysely } from 'kysely';
import type { TeamKind } from '../../../common/roles.js';
import { containsInsensitive } from '../../db/database.js';
import type { Tables, TeamsTable } from '../../db/tables.js';

function teamsWithCounts(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('teams')
    .where('teams.organisation_id', '=', organisationId)
    .select(['teams.id', 'teams.name', 'teams.kind', 'teams.region', 'teams.version'])
    .select((eb) =>
      eb
        .selectFrom('users')
        .whereRef('users.team_id', '=', 'teams.id')
        .where('users.status', '!=', 'deactivated')
        .select(eb.fn.countAll<number>().as('n'))
        .as('member_count'),
    );
}

export async function listTeams(
  db: Kysely<Tables>,
  organisationId: string,
  options: { offset: number; limit: number; q?: string | undefined; kind?: TeamKind | undefined },
) {
  let filtered = db.selectFrom('teams').where('teams.organisation_id', '=', organisationId);
  let rowsQuery = teamsWithCounts(db, organisationId);
  if (options.kind) {
    filtered = filtered.where('teams.kind', '=', options.kind);
    rowsQuery = rowsQuery.where('teams.kind', '=', options.kind);
  }
  if (options.q) {
    const term = options.q;
    filtered = filtered.where((eb) =>
      eb.or([containsInsensitive('teams.name', term), containsInsensitive('teams.region', term)]),
    );
    rowsQuery = rowsQuery.where((eb) =>
      eb.or([containsInsensitive('teams.name', term), containsInsensitive('teams.region', term)]),
    );
  }
  const [rows, total] = await Promise.all([
    rowsQuery.orderBy('teams.name').orderBy('teams.id').offset(options.offset).limit(options.limit).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findTeamById(db: Kysely<Tables>, organisationId: string, teamId: string) {
  return teamsWithCounts(db, organisationId).where('teams.id', '=', teamId).executeTakeFirst();
}
export type TeamWithCount = NonNullable<Awaited<ReturnType<typeof findTeamById>>>;

export function findTeamByName(db: Kysely<Tables>, organisationId: string, name: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'kind', 'region'])
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertTeam(db: Kysely<Tables>, row: Omit<TeamsTable, 'version'>) {
  await db.insertInto('teams').values(row).execute();
}

/** Applies the change only if the row still has the version the editor saw; answers whether it did. */
export async function updateTeamIfVersion(
  db: Kysely<Tables>,
  organisationId: string,
  teamId: string,
  expectedVersion: number,
  change: Partial<Pick<TeamsTable, 'name' | 'kind' | 'region'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('teams')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', teamId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
