import { type Kysely, sql } from 'kysely';

/**
 * Release epochs (decision 0013): figures of an open cycle read again after more answers must stay safe.
 * - `survey_responses.release_epoch`: the epoch in which a response was first counted; NULL while it is
 *   pending (counted in no figure yet). A number shared by everyone counted in the same epoch, no time.
 * - `survey_release_epochs`: the day each epoch was opened, for "includes answers up to <day>".
 * - `survey_released_sets`: every set (group × epoch) a plan of the cycle released; later epochs are
 *   planned with them pinned, because what has been shown cannot be taken back.
 * Existing responses were all shown together already: they form epoch 1 of their cycle and form, dated
 * on the closing day of a closed cycle and the opening day of an open one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('survey_responses').addColumn('release_epoch', 'integer').execute();
  await db.schema
    .createTable('survey_release_epochs')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_release_epochs_pk', ['cycle_id', 'form', 'epoch'])
    .execute();
  await db.schema
    .createTable('survey_released_sets')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_released_sets_pk', ['cycle_id', 'form', 'measure', 'group_key', 'epoch'])
    .execute();

  await sql`update survey_responses set release_epoch = 1`.execute(db);
  await sql`insert into survey_release_epochs (cycle_id, form, epoch, day)
    select distinct r.cycle_id, r.form, 1, case when c.status = 'closed' then c.closes_on else c.opens_on end
    from survey_responses r join survey_cycles c on c.id = r.cycle_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('survey_released_sets').execute();
  await db.schema.dropTable('survey_release_epochs').execute();
  await db.schema.alterTable('survey_responses').dropColumn('release_epoch').execute();
}
