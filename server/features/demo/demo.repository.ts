import type { Insertable, Kysely } from 'kysely';
import type { AccountsTable, OrganisationsTable, Tables, TeamsTable, UsersTable } from '../../db/tables.js';

/** Rows per INSERT: well below SQLite's and PostgreSQL's limits on bound parameters. */
export const INSERT_CHUNK_SIZE = 500;

function* chunks<T>(rows: readonly T[], size = INSERT_CHUNK_SIZE): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

export async function insertOrganisationRow(db: Kysely<Tables>, row: Insertable<OrganisationsTable>): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
}

export async function insertTeamRows(db: Kysely<Tables>, rows: readonly Insertable<TeamsTable>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('teams').values(chunk).execute();
}

export async function insertUserRows(db: Kysely<Tables>, rows: readonly Insertable<UsersTable>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('users').values(chunk).execute();
}

export async function insertAccountRows(db: Kysely<Tables>, rows: readonly Insertable<AccountsTable>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('accounts').values(chunk).execute();
}
