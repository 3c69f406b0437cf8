import type { Kysely } from 'kysely';

/**
 * Survey schedules: per organisation and form, the day of the month on which the job opens a cycle by
 * itself. `last_opened_period` (YYYY-MM for pulses, YYYY-Qn for trust checks) is claimed by a
 * conditional update in the transaction that inserts the cycle, so a period opens at most once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('survey_schedules')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('day_of_month', 'integer', (c) => c.notNull())
    .addColumn('open_days', 'integer', (c) => c.notNull())
    .addColumn('audience_team_ids', 'text', (c) => c.notNull())
    .addColumn('with_mirror', 'integer', (c) => c.notNull())
    .addColumn('last_opened_period', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('survey_schedules_pk', ['organisation_id', 'form'])
    .execute();
  await db.schema.createIndex('survey_schedules_active').on('survey_schedules').columns(['form', 'active']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('survey_schedules').execute();
}
