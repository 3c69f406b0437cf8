import { type Kysely, sql } from 'kysely';

/** The breakdowns an organisation without stored privacy settings gets (privacy.service DEFAULT_PRIVACY). */
const DEFAULT_BREAKDOWNS = '["team","region","tenureBand","role"]';

/**
 * Each cycle keeps the breakdown attributes in force when it opened, as it already keeps the two
 * minimums: results read under one setting and again under another would release two families of sets
 * whose union can split respondents into classes under k. Existing cycles take the organisation's
 * current setting, the one their results were last read with. The column default is no breakdown at
 * all, the safe side, for a row written without one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('survey_cycles')
    .addColumn('breakdown_attributes', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await sql`update survey_cycles set breakdown_attributes = coalesce(
      (select p.breakdown_attributes from privacy_settings p where p.organisation_id = survey_cycles.organisation_id),
      ${DEFAULT_BREAKDOWNS})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('survey_cycles').dropColumn('breakdown_attributes').execute();
}
