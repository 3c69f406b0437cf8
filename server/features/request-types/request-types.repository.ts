import type { Kysely, Transaction, Updateable } from 'kysely';
import type { RequestTypesTable, Tables } from '../../db/tables.js';

type Db = Kysely<Tables> | Transaction<Tables>;

const COLUMNS = ['id', 'key', 'name_de', 'name_en', 'active', 'version', 'created_at'] as const;

/** Oldest first (the built-in types, by key, then added types as they came): the order never shifts. */
export function listRequestTypes(db: Db, organisationId: string, options: { includeInactive: boolean }) {
  let query = db.selectFrom('request_types').where('organisation_id', '=', organisationId);
  if (!options.includeInactive) query = query.where('active', '=', 1);
  return query.select(COLUMNS).orderBy('created_at').orderBy('key').execute();
}
export type RequestTypeRow = Awaited<ReturnType<typeof listRequestTypes>>[number];

export function findRequestTypeById(db: Db, organisationId: string, typeId: string) {
  return db
    .selectFrom('request_types')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', typeId)
    .select(COLUMNS)
    .executeTakeFirst();
}

/**
 * Serialises changes to one organisation's request types until the transaction ends, so that two admins
 * cannot both take the same name or both deactivate one of the last two active types. A no-op update
 * takes the organisation's row lock in PostgreSQL; SQLite runs one write transaction at a time anyway.
 */
export async function lockRequestTypesOf(trx: Transaction<Tables>, organisationId: string): Promise<void> {
  await trx
    .updateTable('organisations')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', organisationId)
    .execute();
}

export async function insertRequestType(db: Db, row: Omit<RequestTypesTable, 'version'>): Promise<void> {
  await db.insertInto('request_types').values(row).execute();
}

/** Applies the change only if the row still has the version the editor saw; answers whether it did. */
export async function updateRequestTypeIfVersion(
  db: Db,
  organisationId: string,
  typeId: string,
  expectedVersion: number,
  change: Updateable<Pick<RequestTypesTable, 'name_de' | 'name_en' | 'active'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('request_types')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', typeId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
