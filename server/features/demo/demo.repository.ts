import type { Insertable, Kysely } from 'kysely';
import type {
  AccountsTable,
  AssetReusesTable,
  AssetsTable,
  AssetTagsTable,
  OrganisationsTable,
  RequestCommentsTable,
  RequestEventsTable,
  RequestRatingsTable,
  RequestSlaPausesTable,
  RequestsTable,
  RequestWatchersTable,
  SurveyAnswersTable,
  SurveyCyclesTable,
  SurveyResponsesTable,
  Tables,
  TeamsTable,
  UsersTable,
} from '../../db/tables.js';

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

// ---------- trust pulses ----------

export async function insertCycleRows(db: Kysely<Tables>, rows: readonly Omit<SurveyCyclesTable, 'version'>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('survey_cycles').values(chunk).execute();
}

export async function insertResponseRows(db: Kysely<Tables>, rows: readonly SurveyResponsesTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('survey_responses').values(chunk).execute();
}

/** Five columns a row: larger chunks than elsewhere stay well within the bound-parameter limits. */
export async function insertAnswerRows(db: Kysely<Tables>, rows: readonly SurveyAnswersTable[]): Promise<void> {
  for (const chunk of chunks(rows, 4 * INSERT_CHUNK_SIZE)) await db.insertInto('survey_answers').values(chunk).execute();
}

// ---------- requests ----------

export async function insertRequestRows(db: Kysely<Tables>, rows: readonly Insertable<RequestsTable>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('requests').values(chunk).execute();
}

/** The counter new filings continue from: the highest number given so far. */
export async function insertRequestNumberCounter(db: Kysely<Tables>, organisationId: string, lastNumber: number): Promise<void> {
  await db.insertInto('request_number_counters').values({ organisation_id: organisationId, last_number: lastNumber }).execute();
}

export async function insertRequestCommentRows(db: Kysely<Tables>, rows: readonly RequestCommentsTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('request_comments').values(chunk).execute();
}

export async function insertRequestEventRows(db: Kysely<Tables>, rows: readonly RequestEventsTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('request_events').values(chunk).execute();
}

export async function insertRequestWatcherRows(db: Kysely<Tables>, rows: readonly RequestWatchersTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('request_watchers').values(chunk).execute();
}

export async function insertSlaPauseRows(db: Kysely<Tables>, rows: readonly RequestSlaPausesTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('request_sla_pauses').values(chunk).execute();
}

export async function insertRatingRows(db: Kysely<Tables>, rows: readonly Insertable<RequestRatingsTable>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('request_ratings').values(chunk).execute();
}

// ---------- asset library ----------

export async function insertAssetRows(db: Kysely<Tables>, rows: readonly Insertable<AssetsTable>[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('assets').values(chunk).execute();
}

export async function insertAssetTagRows(db: Kysely<Tables>, rows: readonly AssetTagsTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('asset_tags').values(chunk).execute();
}

export async function insertAssetReuseRows(db: Kysely<Tables>, rows: readonly AssetReusesTable[]): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('asset_reuses').values(chunk).execute();
}
