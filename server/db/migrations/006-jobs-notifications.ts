import type { Kysely } from 'kysely';

/**
 * Scheduled jobs and notifications. A job lease row says which instance runs a job until when, so
 * that N instances on one PostgreSQL run each scheduled job exactly once. Notifications are in-app
 * rows per recipient; preferences are stored only where someone deviates from the defaults.
 * The SLA check remembers per request when it notified, so that a state is announced once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON object: what the message is about (request id, number, title, …), rendered by the client.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_created').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_user_read').on('notifications').columns(['user_id', 'read_at']).execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();

  // One column per statement: SQLite adds columns one at a time.
  for (const column of ['sla_at_risk_notified_at', 'sla_breached_notified_at']) {
    await db.schema.alterTable('requests').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['sla_breached_notified_at', 'sla_at_risk_notified_at']) {
    await db.schema.alterTable('requests').dropColumn(column).execute();
  }
  for (const table of ['notification_preferences', 'notifications', 'job_leases']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
