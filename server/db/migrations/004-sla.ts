import { type Kysely, sql } from 'kysely';

/**
 * SLA policies and the business calendar. Requests get a snapshot of their targets (taken at filing, so
 * that later policy changes do not rewrite history) and the stored resolution due and at-risk instants
 * that the queue sorts and filters on: business-time arithmetic cannot run in SQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_calendars')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    // The organisation's BusinessCalendarConfig as JSON, validated before it is stored.
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('request_type_id', 'text', (c) => c.notNull().references('request_types.id').onDelete('cascade'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('sla_policies_pk', ['organisation_id', 'request_type_id', 'priority'])
    .execute();

  await db.schema
    .createTable('request_sla_pauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    // 'waiting_for_sales', or 'delivered' for the time between a delivery and its reopening.
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('request_sla_pauses_request')
    .on('request_sla_pauses')
    .columns(['request_id', 'started_at'])
    .execute();

  // One column per statement: SQLite adds columns one at a time.
  for (const column of ['first_response_target_minutes', 'resolution_target_minutes']) {
    await db.schema.alterTable('requests').addColumn(column, 'integer').execute();
  }
  for (const column of ['sla_stopped_at', 'resolution_due_at', 'resolution_at_risk_at']) {
    await db.schema.alterTable('requests').addColumn(column, 'text').execute();
  }
  // Requests filed before SLA policies existed get the default targets of their priority.
  await sql`update requests set
      first_response_target_minutes = case priority when 'urgent' then 120 when 'high' then 240 when 'low' then 960 else 480 end,
      resolution_target_minutes = case priority when 'urgent' then 480 when 'high' then 1440 when 'low' then 4800 else 2400 end`.execute(
    db,
  );
  await db.schema
    .createIndex('requests_org_resolution_due')
    .on('requests')
    .columns(['organisation_id', 'resolution_due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('requests_org_resolution_due').ifExists().execute();
  for (const column of [
    'resolution_at_risk_at',
    'resolution_due_at',
    'sla_stopped_at',
    'resolution_target_minutes',
    'first_response_target_minutes',
  ]) {
    await db.schema.alterTable('requests').dropColumn(column).execute();
  }
  for (const table of ['request_sla_pauses', 'sla_policies', 'business_calendars']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
