/**
 * Request reports for marketing leads: per type, requester's team or month of filing, how often the
 * first-response and resolution targets were met, the median business hours to each, the rating
 * average and the extra miles. Requests belong to the month they were filed in (months start at local
 * midnight of the business calendar's time zone), and so do their ratings.
 *
 * The business clock (working hours, holidays, pauses) cannot run in SQL, so its results are stored on
 * the request by the change that produces them (docs/decisions/0009-stored-sla-outcomes.md): a stopped
 * clock's outcome (met or missed, and the business time it counted) and an open clock's due instant.
 * Counts, rating sums, extra miles and met/missed/pending are therefore aggregated in SQL, an open clock
 * past its due instant counting as missed like the queue's breach filter; only the stored durations
 * are fetched for the medians, which are taken in TypeScript to avoid percentile functions that differ
 * between SQLite and PostgreSQL. The range is capped at MAX_REPORT_MONTHS.
 */
import {
  MAX_REPORT_MONTHS,
  type RequestReport,
  type RequestReportFigures,
  type RequestReportQuery,
  type RequestReportRow,
  type SlaAttainment,
} from '../../../common/api/reports.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { createZoneClock } from '../../lib/business-time/time-zone.js';
import { type CsvSeparator, writeCsv } from '../../lib/csv.js';
import { median } from '../../lib/stats/describe.js';
import * as requestRepo from '../requests/requests.repository.js';
import { ensureDefaultRequestTypes } from '../requests/requests.service.js';
import { loadBusinessCalendar } from '../sla/sla-clock.js';
import * as repo from './reports.repository.js';

const HOUR_MS = 3_600_000;
const NO_TEAM = 'none';

// ---------- months ----------

function parseMonth(month: string): { year: number; month: number } {
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

function monthIndex(month: string): number {
  const parsed = parseMonth(month);
  return parsed.year * 12 + parsed.month - 1;
}

function monthAt(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const badRange = (path: 'from' | 'to', message: string) => new AppError(400, 'validation_failed', message, [{ path, message }]);

/** The months from `from` to `to`, both included; refuses reversed and too long ranges. */
export function monthsOfRange(from: string, to: string): string[] {
  const first = monthIndex(from);
  const last = monthIndex(to);
  if (last < first) throw badRange('to', 'The range ends before it starts: "to" must not be earlier than "from".');
  if (last - first + 1 > MAX_REPORT_MONTHS) {
    throw badRange('to', `A report covers at most ${MAX_REPORT_MONTHS} months; this range has ${last - first + 1}.`);
  }
  return Array.from({ length: last - first + 1 }, (_, offset) => monthAt(first + offset));
}

/** Each month's start at local midnight in the time zone, and the instant the range ends. */
function monthStartsIn(timeZone: string, months: readonly string[]) {
  const zone = createZoneClock(timeZone);
  const startOf = (index: number) => {
    const { year, month } = parseMonth(monthAt(index));
    return new Date(zone.instantOf(Date.UTC(year, month - 1, 1))).toISOString();
  };
  const starts: repo.MonthStart[] = months.map((month) => ({ month, startsAt: startOf(monthIndex(month)) }));
  const last = months[months.length - 1] as string;
  return { starts, endsAt: startOf(monthIndex(last) + 1) };
}

// ---------- figures ----------

interface TargetTally {
  met: number;
  missed: number;
  pending: number;
  durationsMs: number[];
}

interface Tally {
  firstResponse: TargetTally;
  resolution: TargetTally;
}

const emptyTargetTally = (): TargetTally => ({ met: 0, missed: 0, pending: 0, durationsMs: [] });
const emptyTally = (): Tally => ({ firstResponse: emptyTargetTally(), resolution: emptyTargetTally() });

/** Stopped clocks met or missed; open ones missed once past their due instant, pending before. */
function countTarget(requests: number, met: number, stopped: number, overdue: number): TargetTally {
  return { met, missed: stopped - met + overdue, pending: requests - stopped - overdue, durationsMs: [] };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function presentAttainment(tally: TargetTally): SlaAttainment {
  const decided = tally.met + tally.missed;
  return {
    met: tally.met,
    missed: tally.missed,
    pending: tally.pending,
    shareMet: decided === 0 ? null : round(tally.met / decided, 4),
    medianBusinessHours: tally.durationsMs.length === 0 ? null : round(median(tally.durationsMs) / HOUR_MS, 2),
  };
}

type FiledCounts = Pick<repo.FiledAggregate, 'requests' | 'ratings' | 'ratingSum' | 'extraMiles'>;

function presentFigures(aggregate: FiledCounts, tally: Tally): RequestReportFigures {
  return {
    requests: aggregate.requests,
    firstResponse: presentAttainment(tally.firstResponse),
    resolution: presentAttainment(tally.resolution),
    ratings: aggregate.ratings,
    ratingAverage: aggregate.ratings === 0 ? null : round(aggregate.ratingSum / aggregate.ratings, 2),
    extraMiles: aggregate.extraMiles,
  };
}

function mergeTallies(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const tally of tallies) {
    for (const target of ['firstResponse', 'resolution'] as const) {
      total[target].met += tally[target].met;
      total[target].missed += tally[target].missed;
      total[target].pending += tally[target].pending;
      total[target].durationsMs.push(...tally[target].durationsMs);
    }
  }
  return total;
}

// ---------- use cases ----------

export async function getRequestReport(
  deps: AppDeps,
  organisationId: string,
  query: RequestReportQuery,
  at: { now?: Date } = {},
): Promise<RequestReport> {
  const { db } = deps.database;
  const months = monthsOfRange(query.from, query.to);
  const now = at.now ?? new Date();
  const calendar = await loadBusinessCalendar(db, organisationId);
  const { starts, endsAt } = monthStartsIn(calendar.timeZone, months);
  const window = { startsAt: starts[0]?.startsAt as string, endsAt };
  await ensureDefaultRequestTypes(db, organisationId);

  const [aggregates, durations, types, teams] = await Promise.all([
    repo.aggregateFiledRequests(db, organisationId, window, query.groupBy, starts, now.toISOString()),
    repo.listStoppedClockDurations(db, organisationId, window, query.groupBy, starts),
    requestRepo.listRequestTypes(db, organisationId),
    repo.listTeamNames(db, organisationId),
  ]);

  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    const tally = tallies.get(key) ?? emptyTally();
    tallies.set(key, tally);
    return tally;
  };
  for (const a of aggregates) {
    const tally = tallyOf(a.groupKey ?? NO_TEAM);
    tally.firstResponse = countTarget(a.requests, a.firstResponseMet, a.firstResponseStopped, a.firstResponseOverdue);
    tally.resolution = countTarget(a.requests, a.resolutionMet, a.resolutionStopped, a.resolutionOverdue);
  }
  for (const duration of durations) {
    const tally = tallyOf(duration.groupKey ?? NO_TEAM);
    if (duration.firstResponseMs !== null) tally.firstResponse.durationsMs.push(duration.firstResponseMs);
    if (duration.resolutionMs !== null) tally.resolution.durationsMs.push(duration.resolutionMs);
  }

  const byKey = new Map(aggregates.map((a) => [a.groupKey ?? NO_TEAM, a]));
  const none: FiledCounts = { requests: 0, ratings: 0, ratingSum: 0, extraMiles: 0 };
  // `key` finds the figures; `shownKey` is what the API calls the group (a type by its stable key).
  const row = (key: string, name: RequestReportRow['group']['name'], shownKey = key): RequestReportRow => ({
    group: { key: shownKey, name },
    figures: presentFigures(byKey.get(key) ?? none, tallies.get(key) ?? emptyTally()),
  });

  let rows: RequestReportRow[];
  if (query.groupBy === 'month') {
    // Every month, also the quiet ones, so that a chart over time has no gaps.
    rows = months.map((month) => row(month, null));
  } else if (query.groupBy === 'type') {
    rows = types
      .filter((type) => byKey.has(type.id))
      .map((type) => row(type.id, { de: type.name_de, en: type.name_en }, type.key));
  } else {
    const teamNames = new Map(teams.map((team) => [team.id, team.name]));
    rows = [...byKey.keys()]
      .filter((key) => key !== NO_TEAM)
      .map((key) => {
        const name = teamNames.get(key) ?? '';
        return row(key, { de: name, en: name });
      })
      .sort((a, b) => (a.group.name?.en ?? '').localeCompare(b.group.name?.en ?? ''));
    if (byKey.has(NO_TEAM)) rows.push(row(NO_TEAM, null));
  }

  const totalAggregate = aggregates.reduce(
    (sum, a) => ({
      requests: sum.requests + a.requests,
      ratings: sum.ratings + a.ratings,
      ratingSum: sum.ratingSum + a.ratingSum,
      extraMiles: sum.extraMiles + a.extraMiles,
    }),
    none,
  );
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    timeZone: calendar.timeZone,
    rows,
    totals: presentFigures(totalAggregate, mergeTallies(tallies.values())),
  };
}

export const REPORT_CSV_HEADER = [
  'group',
  'requests',
  'first_response_met',
  'first_response_missed',
  'first_response_pending',
  'first_response_met_percent',
  'first_response_median_business_hours',
  'resolution_met',
  'resolution_missed',
  'resolution_pending',
  'resolution_met_percent',
  'resolution_median_business_hours',
  'ratings',
  'rating_average',
  'extra_miles',
];

/**
 * The report as CSV with stable English column ids, like the other exports. The group column holds
 * the type's key, the team's name ("no_team" without one) or the month; the last row is "total".
 * Semicolon-separated files are meant for German spreadsheets, so their decimals use a comma.
 */
export async function exportRequestReportCsv(
  deps: AppDeps,
  organisationId: string,
  query: RequestReportQuery,
  separator: CsvSeparator,
): Promise<string> {
  const report = await getRequestReport(deps, organisationId, query);
  const decimal = (value: number | null) =>
    value === null ? null : separator === ';' ? String(value).replace('.', ',') : String(value);
  const line = (group: string, f: RequestReportFigures) => [
    group,
    f.requests,
    f.firstResponse.met,
    f.firstResponse.missed,
    f.firstResponse.pending,
    decimal(f.firstResponse.shareMet === null ? null : round(f.firstResponse.shareMet * 100, 2)),
    decimal(f.firstResponse.medianBusinessHours),
    f.resolution.met,
    f.resolution.missed,
    f.resolution.pending,
    decimal(f.resolution.shareMet === null ? null : round(f.resolution.shareMet * 100, 2)),
    decimal(f.resolution.medianBusinessHours),
    f.ratings,
    decimal(f.ratingAverage),
    f.extraMiles,
  ];
  const groupLabel = (r: RequestReportRow) => (report.groupBy === 'team' ? (r.group.name?.en ?? 'no_team') : r.group.key);
  return writeCsv(
    REPORT_CSV_HEADER,
    [...report.rows.map((r) => line(groupLabel(r), r.figures)), line('total', report.totals)],
    separator,
  );
}
