import { type Kysely, sql } from 'kysely';

/**
 * Action plans made from a dashboard focus area, with ordered steps. The baseline cycle is fixed when
 * the plan is made, so that "did it work?" always compares against what was known at that moment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('driver_id', 'text', (c) => c.notNull())
    // Null: the whole organisation.
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('baseline_cycle_id', 'text', (c) => c.references('survey_cycles.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('action_plans_status', sql`status in ('planned', 'in_progress', 'done', 'dropped')`)
    .execute();
  await db.schema.createIndex('action_plans_org_created').on('action_plans').columns(['organisation_id', 'created_at']).execute();
  await db.schema.createIndex('action_plans_team').on('action_plans').columns(['team_id']).execute();
  await db.schema.createIndex('action_plans_owner').on('action_plans').columns(['owner_id']).execute();

  await db.schema
    .createTable('action_plan_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('action_plans.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('action_plan_steps_plan').on('action_plan_steps').columns(['plan_id', 'position']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('action_plan_steps').execute();
  await db.schema.dropTable('action_plans').execute();
}
