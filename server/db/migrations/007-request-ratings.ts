import { type Kysely, sql } from 'kysely';

/**
 * The requester's rating of a delivered request (DESIGN.md, capability 1): one per request, changeable
 * within 14 days of delivery, hence a version for If-Match.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('request_ratings')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('requests.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('rater_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    // 1 when the requester says marketing went the extra mile, else 0.
    .addColumn('extra_mile', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('request_ratings_score_range', sql`score between 1 and 5`)
    .addCheckConstraint('request_ratings_extra_mile_flag', sql`extra_mile in (0, 1)`)
    .execute();
  await db.schema
    .createIndex('request_ratings_org_created')
    .on('request_ratings')
    .columns(['organisation_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('request_ratings_org_created').ifExists().execute();
  await db.schema.dropTable('request_ratings').ifExists().execute();
}
