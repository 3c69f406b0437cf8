import type { Kysely, Transaction } from 'kysely';
import type { RequestPriority } from '../../../common/api/contracts.js';
import type { RequestSlaPausesTable, Tables } from '../../db/tables.js';

type Db = Kysely<Tables> | Transaction<Tables>;

// ---------- business calendars ----------

export function findBusinessCalendar(db: Db, organisationId: string) {
  return db
    .selectFrom('business_calendars')
    .where('organisation_id', '=', organisationId)
    .select(['config', 'version', 'updated_at'])
    .executeTakeFirst();
}

/** Creates the organisation's calendar row with the given config unless it exists; safe to call concurrently. */
export async function insertBusinessCalendarIfMissing(db: Db, organisationId: string, config: string, at: string) {
  await db
    .insertInto('business_calendars')
    .values({ organisation_id: organisationId, config, updated_at: at })
    .onConflict((oc) => oc.column('organisation_id').doNothing())
    .execute();
}

export async function updateBusinessCalendarIfVersion(
  db: Db,
  organisationId: string,
  expectedVersion: number,
  config: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('business_calendars')
    .set((eb) => ({ config, updated_at: at, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------- SLA policies ----------

export function listSlaPolicies(db: Db, organisationId: string) {
  return db
    .selectFrom('sla_policies')
    .where('organisation_id', '=', organisationId)
    .select(['request_type_id', 'priority', 'first_response_minutes', 'resolution_minutes', 'version'])
    .execute();
}

export function findSlaPolicy(db: Db, organisationId: string, typeId: string, priority: RequestPriority) {
  return db
    .selectFrom('sla_policies')
    .where('organisation_id', '=', organisationId)
    .where('request_type_id', '=', typeId)
    .where('priority', '=', priority)
    .select(['request_type_id', 'priority', 'first_response_minutes', 'resolution_minutes', 'version'])
    .executeTakeFirst();
}

/** Inserts a policy unless one exists for the type and priority; answers whether it did. */
export async function insertSlaPolicyIfMissing(
  db: Db,
  row: {
    organisation_id: string;
    request_type_id: string;
    priority: RequestPriority;
    first_response_minutes: number;
    resolution_minutes: number;
    updated_at: string;
  },
): Promise<boolean> {
  const result = await db
    .insertInto('sla_policies')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'request_type_id', 'priority']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateSlaPolicyIfVersion(
  db: Db,
  organisationId: string,
  typeId: string,
  priority: RequestPriority,
  expectedVersion: number,
  change: { first_response_minutes: number; resolution_minutes: number; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('sla_policies')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('request_type_id', '=', typeId)
    .where('priority', '=', priority)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSlaPolicyIfVersion(
  db: Db,
  organisationId: string,
  typeId: string,
  priority: RequestPriority,
  expectedVersion: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sla_policies')
    .where('organisation_id', '=', organisationId)
    .where('request_type_id', '=', typeId)
    .where('priority', '=', priority)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// ---------- pauses of the resolution clock ----------

export function listPauses(db: Db, organisationId: string, requestIds: readonly string[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('request_sla_pauses')
    .where('organisation_id', '=', organisationId)
    .where('request_id', 'in', requestIds)
    .select(['request_id', 'started_at', 'ended_at'])
    .orderBy('started_at')
    .execute();
}
export type PauseRow = Awaited<ReturnType<typeof listPauses>>[number];

export async function insertPause(db: Db, row: RequestSlaPausesTable) {
  await db.insertInto('request_sla_pauses').values(row).execute();
}

export async function closeOpenPauses(db: Db, organisationId: string, requestId: string, at: string) {
  await db
    .updateTable('request_sla_pauses')
    .set({ ended_at: at })
    .where('organisation_id', '=', organisationId)
    .where('request_id', '=', requestId)
    .where('ended_at', 'is', null)
    .execute();
}
