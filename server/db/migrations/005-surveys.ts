import type { Kysely } from 'kysely';

/**
 * Trust pulses. Who was asked and who has answered (invitations) is kept apart from what was answered
 * (responses, answers): a response carries no person, no invitation, no time and a random id; its only
 * link to people is the coarse group (atom) it counts towards, which at cycle opening is widened until
 * it holds at least k invited people. See docs/decisions/0004-survey-storage.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('privacy_settings')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('min_group_size', 'integer', (c) => c.notNull())
    .addColumn('min_comment_group_size', 'integer', (c) => c.notNull())
    .addColumn('breakdown_attributes', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('survey_cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pulse_index', 'integer')
    .addColumn('with_mirror', 'integer', (c) => c.notNull())
    .addColumn('audience_team_ids', 'text', (c) => c.notNull())
    .addColumn('opens_on', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('min_group_size', 'integer', (c) => c.notNull())
    .addColumn('min_comment_group_size', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('survey_cycles_org').on('survey_cycles').columns(['organisation_id', 'opens_on']).execute();

  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('atom_team_id', 'text', (c) => c.notNull())
    .addColumn('atom_region', 'text', (c) => c.notNull())
    .addColumn('atom_tenure_band', 'text', (c) => c.notNull())
    .addColumn('atom_role', 'text', (c) => c.notNull())
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('survey_invitations_cycle_user', ['cycle_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('tenure_band', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // Hash of a random key the answering device chose: a retried submission is recognised without knowing who sent it.
    .addColumn('client_key_hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('survey_responses_cycle').on('survey_responses').columns(['cycle_id']).execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('value', 'integer')
    .addColumn('text', 'text')
    .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'item_id'])
    .execute();
  await db.schema.createIndex('survey_answers_cycle_item').on('survey_answers').columns(['cycle_id', 'item_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['survey_answers', 'survey_responses', 'survey_invitations', 'survey_cycles', 'privacy_settings']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
