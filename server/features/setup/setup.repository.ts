import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';

export async function countOrganisations(db: Kysely<Tables>): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertOrganisation(db: Kysely<Tables>, row: Tables['organisations']) {
  await db.insertInto('organisations').values(row).execute();
}

/** An arbitrary constant that names the first-run lock among PostgreSQL's advisory locks. */
const FIRST_RUN_LOCK = 7_314_201;

/**
 * Serialises first-run setups (form and demo) until the end of the caller's transaction. On PostgreSQL
 * two transactions could otherwise both see no organisation and both create one. SQLite runs one write
 * transaction at a time on its single connection, so the check inside the transaction suffices there.
 */
export async function lockFirstRun(trx: Kysely<Tables>, dialect: DialectName) {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(FIRST_RUN_LOCK)})`.execute(trx);
}
