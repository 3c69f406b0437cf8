import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale, PersonStatus, Role } from '../../../common/roles.js';
import { containsInsensitive, type DialectName, nowIso } from '../../db/database.js';
import type { NewUser, Tables, TeamsTable } from '../../db/tables.js';
import { chunksOf } from '../../lib/csv.js';
import type { AuditRecord } from '../audit/audit.repository.js';

/** Rows per multi-row statement: 500 rows × 13 columns stays far below SQLite's 32,766 variables. */
const CHUNK = 500;
const chunks = <T>(items: readonly T[]) => chunksOf(items, CHUNK);

function peopleWithTeams(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .where('users.organisation_id', '=', organisationId)
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.team_id',
      'teams.name as team_name',
      'teams.region as team_region',
      'users.start_date',
      'users.status',
      'users.locale',
      'users.version',
    ]);
}
export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPersonById>>>;

export interface PersonFilter {
  q?: string | undefined;
  role?: Role | undefined;
  teamId?: string | undefined;
  status?: PersonStatus | undefined;
}

export async function listPeople(
  db: Kysely<Tables>,
  organisationId: string,
  options: PersonFilter & { offset: number; limit: number },
) {
  let rowsQuery = peopleWithTeams(db, organisationId);
  let countQuery = db.selectFrom('users').where('users.organisation_id', '=', organisationId);
  if (options.role) {
    rowsQuery = rowsQuery.where('users.role', '=', options.role);
    countQuery = countQuery.where('users.role', '=', options.role);
  }
  if (options.teamId) {
    rowsQuery = rowsQuery.where('users.team_id', '=', options.teamId);
    countQuery = countQuery.where('users.team_id', '=', options.teamId);
  }
  if (options.status) {
    rowsQuery = rowsQuery.where('users.status', '=', options.status);
    countQuery = countQuery.where('users.status', '=', options.status);
  }
  if (options.q) {
    const term = options.q;
    rowsQuery = rowsQuery.where((eb) =>
      eb.or([containsInsensitive('users.name', term), containsInsensitive('users.email', term)]),
    );
    countQuery = countQuery.where((eb) =>
      eb.or([containsInsensitive('users.name', term), containsInsensitive('users.email', term)]),
    );
  }
  const [rows, total] = await Promise.all([
    rowsQuery.orderBy('users.name').orderBy('users.id').offset(options.offset).limit(options.limit).execute(),
    countQuery.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Everyone of the organisation, for the CSV export. */
export function listAllPeople(db: Kysely<Tables>, organisationId: string) {
  return peopleWithTeams(db, organisationId).orderBy('users.name').orderBy('users.id').execute();
}

export function findPersonById(db: Kysely<Tables>, organisationId: string, personId: string) {
  return peopleWithTeams(db, organisationId).where('users.id', '=', personId).executeTakeFirst();
}

/** Whether the person has set a password: decides between "active" and "invited" on reactivation. */
export async function personHasPassword(db: Kysely<Tables>, organisationId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return Boolean(row?.password_hash);
}

export async function emailExists(db: Kysely<Tables>, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return Boolean(row);
}

export function findTeamOfOrganisation(db: Kysely<Tables>, organisationId: string, teamId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'kind', 'region'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', teamId)
    .executeTakeFirst();
}

/**
 * The organisation's active admins, locked until the transaction ends (PostgreSQL): two admins demoting or
 * deactivating each other at once would otherwise each count the other and leave nobody. SQLite runs one
 * write transaction at a time, so its plain read is already serialised.
 */
export async function lockActiveAdminIds(db: Kysely<Tables>, dialect: DialectName, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .$if(dialect === 'postgres', (query) => query.forUpdate())
    .execute();
  return rows.map((row) => row.id);
}

export async function countActiveAdmins(db: Kysely<Tables>, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findOrganisationLocale(db: Kysely<Tables>, organisationId: string): Promise<Locale> {
  const row = await db
    .selectFrom('organisations')
    .select('default_locale')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return row.default_locale;
}

export async function insertPerson(db: Kysely<Tables>, row: NewUser) {
  await db.insertInto('users').values(row).execute();
}

/** Applies the change only if the row still has the version the editor saw; answers whether it did. */
export async function updatePersonIfVersion(
  db: Kysely<Tables>,
  organisationId: string,
  personId: string,
  expectedVersion: number,
  change: { name?: string; role?: Role; team_id?: string | null; start_date?: string | null; locale?: Locale },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({ ...change, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', personId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setPersonStatus(db: Kysely<Tables>, organisationId: string, personId: string, status: PersonStatus) {
  await db
    .updateTable('users')
    .set((eb) => ({ status, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', personId)
    .execute();
}

// ---------- import ----------

/** People with any of these e-mail addresses, in any organisation (addresses are unique per instance). */
export async function findPeopleByEmails(db: Kysely<Tables>, emails: readonly string[]) {
  const found = [];
  for (const part of chunks(emails)) {
    if (part.length === 0) continue;
    found.push(
      ...(await db
        .selectFrom('users')
        .select([
          'id',
          'organisation_id',
          'email',
          'name',
          'role',
          'team_id',
          'start_date',
          'status',
          'locale',
          'password_hash',
          'created_at',
        ])
        .where('email', 'in', part)
        .execute()),
    );
  }
  return found;
}
export type ExistingPerson = Awaited<ReturnType<typeof findPeopleByEmails>>[number];

export function listTeamsOfOrganisation(db: Kysely<Tables>, organisationId: string) {
  return db.selectFrom('teams').select(['id', 'name', 'kind', 'region']).where('organisation_id', '=', organisationId).execute();
}

export async function insertTeams(db: Kysely<Tables>, rows: Omit<TeamsTable, 'version'>[]) {
  for (const part of chunks(rows)) await db.insertInto('teams').values(part).execute();
}

export async function insertPeople(db: Kysely<Tables>, rows: NewUser[]) {
  for (const part of chunks(rows)) await db.insertInto('users').values(part).execute();
}

/**
 * Rewrites name, role, team and start date of existing people in multi-row statements: an upsert on
 * the primary key whose insert half never happens, because every id exists. Rows must be complete.
 */
export async function updatePeopleInBulk(db: Kysely<Tables>, organisationId: string, rows: NewUser[]) {
  for (const part of chunks(rows)) {
    await db
      .insertInto('users')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            role: eb.ref('excluded.role'),
            team_id: eb.ref('excluded.team_id'),
            start_date: eb.ref('excluded.start_date'),
            updated_at: eb.ref('excluded.updated_at'),
            version: eb('users.version', '+', 1),
          }))
          .where('users.organisation_id', '=', organisationId),
      )
      .execute();
  }
}

export async function insertAuditEntries(db: Kysely<Tables>, entries: AuditRecord[]) {
  const now = nowIso();
  const rows = entries.map((entry) => ({
    id: randomUUID(),
    organisation_id: entry.organisationId,
    actor_id: entry.actorId,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    ip: entry.ip ?? null,
    created_at: now,
  }));
  for (const part of chunks(rows)) await db.insertInto('audit_log').values(part).execute();
}
