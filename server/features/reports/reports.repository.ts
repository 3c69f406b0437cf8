import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Tables } from '../../db/tables.js';

/** The requests filed in [startsAt, endsAt), given as ISO instants (stored times compare as text). */
export interface FiledWindow {
  startsAt: string;
  endsAt: string;
}

/** A month of the report and the instant it starts at; months are consecutive. */
export interface MonthStart {
  month: string;
  startsAt: string;
}

export type GroupColumn = 'type' | 'team' | 'month';

/**
 * The month a filing instant falls in, as a CASE over the month starts: months begin at local midnight
 * of the organisation's time zone, which neither dialect's date functions know the same way.
 */
function monthOf(months: readonly MonthStart[]): RawBuilder<string | null> {
  const last = months[months.length - 1];
  if (!last) throw new RangeError('A report covers at least one month.');
  // Each branch names the month that ends where the next one starts; the filing window bounds the last.
  const branches = months
    .slice(1)
    .map((next, index) => sql`when r.created_at < ${next.startsAt} then cast(${months[index]?.month} as text)`);
  if (branches.length === 0) return sql<string | null>`cast(${last.month} as text)`;
  return sql<string | null>`case ${sql.join(branches, sql` `)} else cast(${last.month} as text) end`;
}

function groupKeyOf(groupBy: GroupColumn, months: readonly MonthStart[]): RawBuilder<string | null> {
  return groupBy === 'type'
    ? sql<string | null>`r.type_id`
    : groupBy === 'team'
      ? sql<string | null>`r.team_id`
      : monthOf(months);
}

/**
 * Counts, rating sums and extra miles of the filed requests per group key: the type's id, the team's id
 * (null: none) or the month; and per target, how many stopped clocks were met, how many stopped at all,
 * and how many open clocks are past their due instant as of `now`.
 */
export async function aggregateFiledRequests(
  db: Kysely<Tables>,
  organisationId: string,
  window: FiledWindow,
  groupBy: GroupColumn,
  months: readonly MonthStart[],
  now: string,
) {
  // An open clock past its stored due instant is missed, as in the queue's breach filter; otherwise pending.
  const overdue = (met: 'r.first_response_met' | 'r.resolution_met', due: 'r.first_response_due_at' | 'r.resolution_due_at') =>
    sql<number>`case when ${sql.ref(met)} is null and ${sql.ref(due)} < ${now} then 1 else 0 end`;
  const facts = db
    .selectFrom('requests as r')
    .leftJoin('request_ratings as rr', (join) =>
      join.onRef('rr.request_id', '=', 'r.id').on('rr.organisation_id', '=', organisationId),
    )
    .where('r.organisation_id', '=', organisationId)
    .where('r.created_at', '>=', window.startsAt)
    .where('r.created_at', '<', window.endsAt)
    .select([
      groupKeyOf(groupBy, months).as('group_key'),
      'rr.score as score',
      'rr.extra_mile as extra_mile',
      'r.first_response_met as first_response_met',
      'r.resolution_met as resolution_met',
      overdue('r.first_response_met', 'r.first_response_due_at').as('first_response_overdue'),
      overdue('r.resolution_met', 'r.resolution_due_at').as('resolution_overdue'),
    ]);
  const rows = await db
    .selectFrom(facts.as('f'))
    .select((eb) => [
      'f.group_key',
      eb.fn.countAll<number | string>().as('requests'),
      eb.fn.count<number | string>('f.score').as('ratings'),
      eb.fn.sum<number | string | null>('f.score').as('rating_sum'),
      eb.fn.sum<number | string | null>('f.extra_mile').as('extra_miles'),
      eb.fn.sum<number | string | null>('f.first_response_met').as('first_response_met'),
      eb.fn.count<number | string>('f.first_response_met').as('first_response_stopped'),
      eb.fn.sum<number | string | null>('f.resolution_met').as('resolution_met'),
      eb.fn.count<number | string>('f.resolution_met').as('resolution_stopped'),
      eb.fn.sum<number | string | null>('f.first_response_overdue').as('first_response_overdue'),
      eb.fn.sum<number | string | null>('f.resolution_overdue').as('resolution_overdue'),
    ])
    .groupBy('f.group_key')
    .execute();
  return rows.map((row) => ({
    groupKey: row.group_key,
    requests: Number(row.requests),
    ratings: Number(row.ratings),
    ratingSum: Number(row.rating_sum ?? 0),
    extraMiles: Number(row.extra_miles ?? 0),
    firstResponseMet: Number(row.first_response_met ?? 0),
    firstResponseStopped: Number(row.first_response_stopped),
    resolutionMet: Number(row.resolution_met ?? 0),
    resolutionStopped: Number(row.resolution_stopped),
    firstResponseOverdue: Number(row.first_response_overdue ?? 0),
    resolutionOverdue: Number(row.resolution_overdue ?? 0),
  }));
}
export type FiledAggregate = Awaited<ReturnType<typeof aggregateFiledRequests>>[number];

/** The stored business durations of the stopped clocks per group key, for the medians: numbers only. */
export async function listStoppedClockDurations(
  db: Kysely<Tables>,
  organisationId: string,
  window: FiledWindow,
  groupBy: GroupColumn,
  months: readonly MonthStart[],
) {
  const rows = await db
    .selectFrom('requests as r')
    .where('r.organisation_id', '=', organisationId)
    .where('r.created_at', '>=', window.startsAt)
    .where('r.created_at', '<', window.endsAt)
    .where((eb) => eb.or([eb('r.first_response_business_ms', 'is not', null), eb('r.resolution_business_ms', 'is not', null)]))
    .select([groupKeyOf(groupBy, months).as('group_key'), 'r.first_response_business_ms', 'r.resolution_business_ms'])
    .execute();
  return rows.map((row) => ({
    groupKey: row.group_key,
    firstResponseMs: row.first_response_business_ms === null ? null : Number(row.first_response_business_ms),
    resolutionMs: row.resolution_business_ms === null ? null : Number(row.resolution_business_ms),
  }));
}

export function listTeamNames(db: Kysely<Tables>, organisationId: string) {
  return db.selectFrom('teams').where('organisation_id', '=', organisationId).select(['id', 'name']).execute();
}
