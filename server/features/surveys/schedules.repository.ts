import type { Kysely } from 'kysely';
import type { SurveySchedulesTable, Tables } from '../../db/tables.js';

type Db = Kysely<Tables>;
type Form = SurveySchedulesTable['form'];
type ScheduleValues = Pick<SurveySchedulesTable, 'active' | 'day_of_month' | 'open_days' | 'audience_team_ids' | 'with_mirror'>;

export function listSchedules(db: Db, organisationId: string) {
  return db.selectFrom('survey_schedules').selectAll().where('organisation_id', '=', organisationId).execute();
}

export function findSchedule(db: Db, organisationId: string, form: Form) {
  return db
    .selectFrom('survey_schedules')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('form', '=', form)
    .executeTakeFirst();
}

/** Creates the schedule unless it exists (someone else created it first): false then. */
export async function insertSchedule(db: Db, organisationId: string, form: Form, values: ScheduleValues): Promise<boolean> {
  const row = await db
    .insertInto('survey_schedules')
    .values({ organisation_id: organisationId, form, ...values, last_opened_period: null })
    .onConflict((oc) => oc.columns(['organisation_id', 'form']).doNothing())
    .returning('version')
    .executeTakeFirst();
  return row !== undefined;
}

/** Updates the schedule if it still has the expected version: false otherwise. */
export async function updateSchedule(
  db: Db,
  organisationId: string,
  form: Form,
  expectedVersion: number,
  values: ScheduleValues,
): Promise<boolean> {
  const result = await db
    .updateTable('survey_schedules')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('form', '=', form)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Active schedules of a form whose day has come and whose `period` is not opened yet. */
export function listDueSchedules(db: Db, form: Form, period: string, dayOfMonth: number, organisationIds?: string[]) {
  let query = db
    .selectFrom('survey_schedules')
    .innerJoin('organisations', 'organisations.id', 'survey_schedules.organisation_id')
    .selectAll('survey_schedules')
    .select('organisations.name as organisation_name')
    .where('survey_schedules.form', '=', form)
    .where('survey_schedules.active', '=', 1)
    .where('survey_schedules.day_of_month', '<=', dayOfMonth)
    .where((eb) =>
      eb.or([eb('survey_schedules.last_opened_period', 'is', null), eb('survey_schedules.last_opened_period', '<', period)]),
    )
    .orderBy('survey_schedules.organisation_id');
  if (organisationIds) query = query.where('survey_schedules.organisation_id', 'in', organisationIds);
  return query.execute();
}

/**
 * Claims the opening of `period` once. Periods of a form sort as text, so an earlier period never
 * reopens either. On PostgreSQL a racing claim waits for the first one's commit and then no longer
 * matches; SQLite serialises writers. Exactly one claimer gets the row.
 */
export async function claimSchedulePeriod(db: Db, organisationId: string, form: Form, period: string): Promise<boolean> {
  const result = await db
    .updateTable('survey_schedules')
    .set({ last_opened_period: period })
    .where('organisation_id', '=', organisationId)
    .where('form', '=', form)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('last_opened_period', 'is', null), eb('last_opened_period', '<', period)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
