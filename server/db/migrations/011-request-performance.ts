import { type Kysely, sql } from 'kysely';
import { slaOutcomes } from '../../features/sla/sla-clock.js';
import { createBusinessCalendar } from '../../lib/business-time/index.js';

/**
 * The queue sorted by SLA due answers from an index, and the outcomes of stopped SLA clocks are stored
 * so that the reports aggregate them in SQL (docs/decisions/0009-stored-sla-outcomes.md).
 *
 * The index holds the queue's order expression exactly as the repository writes it: both planners use
 * an expression index for an ORDER BY only when the expression matches. Change them together.
 */
const SLA_QUEUE_RANK =
  "case when resolution_due_at is null then 2 when status in ('waiting_for_sales', 'delivered', 'closed', 'declined') then 1 else 0 end";

const BACKFILL_BATCH = 1000;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: migrations work on an untyped schema
  const db = untyped as Kysely<any>;
  for (const [column, type] of [
    ['first_response_due_at', 'text'],
    ['first_response_met', 'integer'],
    ['first_response_business_ms', 'bigint'],
    ['resolution_met', 'integer'],
    ['resolution_business_ms', 'bigint'],
  ] as const) {
    await db.schema.alterTable('requests').addColumn(column, type).execute();
  }
  await sql
    .raw(`create index requests_org_sla_queue on requests (organisation_id, (${SLA_QUEUE_RANK}), resolution_due_at, number desc)`)
    .execute(db);
  await backfillSlaOutcomes(db);
}

/**
 * Existing requests get their first-response due instant and the outcomes of their stopped clocks from
 * the same clock the service uses; the business calendar cannot run in SQL, so this walks them in batches.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations work on an untyped schema
export async function backfillSlaOutcomes(db: Kysely<any>) {
  const calendars = new Map<string, ReturnType<typeof createBusinessCalendar>>();
  const calendarOf = async (organisationId: string) => {
    let calendar = calendars.get(organisationId);
    if (!calendar) {
      const row = await db
        .selectFrom('business_calendars')
        .where('organisation_id', '=', organisationId)
        .select('config')
        .executeTakeFirst();
      calendar = createBusinessCalendar(row ? JSON.parse(row.config as string) : {});
      calendars.set(organisationId, calendar);
    }
    return calendar;
  };
  const now = new Date();
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('requests')
      .where('id', '>', after)
      // Only requests missing a value: running it again leaves stored outcomes alone.
      .where((eb) =>
        eb.or([
          eb('first_response_due_at', 'is', null),
          eb.and([
            eb('first_response_met', 'is', null),
            eb.or([eb('first_response_at', 'is not', null), eb('sla_stopped_at', 'is not', null)]),
          ]),
          eb.and([eb('resolution_met', 'is', null), eb('sla_stopped_at', 'is not', null)]),
        ]),
      )
      .select([
        'id',
        'organisation_id',
        'priority',
        'created_at',
        'first_response_at',
        'sla_stopped_at',
        'first_response_target_minutes',
        'resolution_target_minutes',
      ])
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .execute();
    if (rows.length === 0) return;
    const pauses = await db
      .selectFrom('request_sla_pauses')
      .where(
        'request_id',
        'in',
        rows.map((r) => r.id),
      )
      .select(['request_id', 'started_at', 'ended_at'])
      .execute();
    for (const row of rows) {
      const own = pauses
        .filter((p) => p.request_id === row.id)
        .map((p) => ({ from: new Date(p.started_at), to: p.ended_at === null ? null : new Date(p.ended_at) }));
      const outcomes = slaOutcomes(await calendarOf(row.organisation_id), row, own, now);
      await db.updateTable('requests').set(outcomes).where('id', '=', row.id).execute();
    }
    after = rows[rows.length - 1]?.id as string;
  }
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: migrations work on an untyped schema
  const db = untyped as Kysely<any>;
  await db.schema.dropIndex('requests_org_sla_queue').ifExists().execute();
  for (const column of [
    'resolution_business_ms',
    'resolution_met',
    'first_response_business_ms',
    'first_response_met',
    'first_response_due_at',
  ]) {
    await db.schema.alterTable('requests').dropColumn(column).execute();
  }
}
