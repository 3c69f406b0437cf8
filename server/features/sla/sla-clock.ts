/**
 * The SLA as requests see it: the organisation's business calendar, the targets of a type and priority,
 * and a request's clocks. Targets are snapshotted on the request when it is filed, so later policy
 * changes do not rewrite history; calendar changes apply to every computation from then on (the stored
 * due instants of open requests catch up at their next state change).
 */
import type { Kysely, Transaction } from 'kysely';
import type { RequestPriority, RequestSla, SlaTarget } from '../../../common/api/contracts.js';
import type { Tables } from '../../db/tables.js';
import {
  type BusinessCalendar,
  type BusinessCalendarConfig,
  computeSlaState,
  createBusinessCalendar,
  type SlaPause,
  type SlaTargetState,
} from '../../lib/business-time/index.js';
import * as repo from './sla.repository.js';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** Built-in targets in business minutes when an organisation stores no policy for a type and priority. */
export const DEFAULT_SLA_TARGETS: Readonly<Record<RequestPriority, SlaTargets>> = {
  urgent: { firstResponseMinutes: 2 * 60, resolutionMinutes: 8 * 60 },
  high: { firstResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
  normal: { firstResponseMinutes: 8 * 60, resolutionMinutes: 40 * 60 },
  low: { firstResponseMinutes: 16 * 60, resolutionMinutes: 80 * 60 },
};

const MINUTE_MS = 60_000;

export function parseCalendarConfig(json: string): BusinessCalendarConfig {
  return JSON.parse(json) as BusinessCalendarConfig;
}

/** The organisation's calendar; the defaults (Europe/Berlin, Mon–Fri 08–17, nationwide holidays) without a row. */
export async function loadBusinessCalendar(db: Db, organisationId: string): Promise<BusinessCalendar> {
  const row = await repo.findBusinessCalendar(db, organisationId);
  return createBusinessCalendar(row ? parseCalendarConfig(row.config) : {});
}

export async function effectiveSlaTargets(
  db: Db,
  organisationId: string,
  typeId: string,
  priority: RequestPriority,
): Promise<SlaTargets> {
  const policy = await repo.findSlaPolicy(db, organisationId, typeId, priority);
  if (!policy) return DEFAULT_SLA_TARGETS[priority];
  return { firstResponseMinutes: Number(policy.first_response_minutes), resolutionMinutes: Number(policy.resolution_minutes) };
}

/** What the SLA needs of a request row. */
export interface SlaRequestFacts {
  priority: RequestPriority;
  created_at: string;
  first_response_at: string | null;
  sla_stopped_at: string | null;
  first_response_target_minutes: number | null;
  resolution_target_minutes: number | null;
}

export function pausesOf(rows: readonly { started_at: string; ended_at: string | null }[]): SlaPause[] {
  return rows.map((p) => ({ from: new Date(p.started_at), to: p.ended_at === null ? null : new Date(p.ended_at) }));
}

/** Snapshotted targets; rows made outside filing (none in production) fall back to the defaults. */
function targetsOf(request: SlaRequestFacts): SlaTargets {
  const fallback = DEFAULT_SLA_TARGETS[request.priority];
  return {
    firstResponseMinutes: Number(request.first_response_target_minutes ?? fallback.firstResponseMinutes),
    resolutionMinutes: Number(request.resolution_target_minutes ?? fallback.resolutionMinutes),
  };
}

function clockInput(request: SlaRequestFacts, pauses: SlaPause[], now: Date, resolutionShare = 1) {
  const targets = targetsOf(request);
  return {
    createdAt: new Date(request.created_at),
    pauses,
    firstResponseAt: request.first_response_at === null ? null : new Date(request.first_response_at),
    stoppedAt: request.sla_stopped_at === null ? null : new Date(request.sla_stopped_at),
    now,
    targets: {
      firstResponseMs: targets.firstResponseMinutes * MINUTE_MS,
      // Minutes × 60,000 × 4/5 is a whole number of milliseconds: the at-risk point is exact.
      resolutionMs: Math.round(targets.resolutionMinutes * MINUTE_MS * resolutionShare),
    },
  };
}

/**
 * The stored instants the queue sorts and filters on, as of a state change at `now`: when the
 * resolution target is (or was) used up and when 80 % of it is. Both are null while paused before
 * that point, because they then depend on when sales answers.
 */
export function resolutionSchedule(
  calendar: BusinessCalendar,
  request: SlaRequestFacts,
  pauses: SlaPause[],
  now: Date,
): { resolution_due_at: string | null; resolution_at_risk_at: string | null } {
  const due = computeSlaState(calendar, clockInput(request, pauses, now)).resolution?.dueAt ?? null;
  const atRisk = computeSlaState(calendar, clockInput(request, pauses, now, 0.8)).resolution?.dueAt ?? null;
  return { resolution_due_at: due?.toISOString() ?? null, resolution_at_risk_at: atRisk?.toISOString() ?? null };
}

/** What a stopped clock leaves behind for the reports (docs/decisions/0009-stored-sla-outcomes.md). */
export interface SlaOutcomeColumns {
  /** When the first-response target is used up: open requests are measured against it. */
  first_response_due_at: string | null;
  /** 1 met, 0 missed; null while the first-response clock runs. */
  first_response_met: number | null;
  /** Business milliseconds from filing to the first response (or the stop without one). */
  first_response_business_ms: number | null;
  /** 1 met, 0 missed; null while the resolution clock runs or is paused. */
  resolution_met: number | null;
  /** Business milliseconds from filing to delivery or decline, without the pauses. */
  resolution_business_ms: number | null;
}

function outcomeOf(state: SlaTargetState | null): [number | null, number | null] {
  if (!state || (state.state !== 'met' && state.state !== 'missed')) return [null, null];
  return [state.state === 'met' ? 1 : 0, state.elapsedMs];
}

/**
 * The first-response due instant and the outcomes of the clocks that have stopped by `now`, by the
 * same clock the request page shows.
 */
export function slaOutcomes(
  calendar: BusinessCalendar,
  request: SlaRequestFacts,
  pauses: SlaPause[],
  now: Date,
): SlaOutcomeColumns {
  const state = computeSlaState(calendar, clockInput(request, pauses, now));
  const [firstResponseMet, firstResponseMs] = outcomeOf(state.firstResponse);
  const [resolutionMet, resolutionMs] = outcomeOf(state.resolution);
  return {
    first_response_due_at: state.firstResponse?.dueAt?.toISOString() ?? null,
    first_response_met: firstResponseMet,
    first_response_business_ms: firstResponseMs,
    resolution_met: resolutionMet,
    resolution_business_ms: resolutionMs,
  };
}

/**
 * Every stored SLA column that follows from a request's facts at a state change: the queue's due
 * instants and the stopped clocks' outcomes. Written with the change, in the same statement.
 */
export function slaColumns(
  calendar: BusinessCalendar,
  request: SlaRequestFacts,
  pauses: SlaPause[],
  now: Date,
): ReturnType<typeof resolutionSchedule> & SlaOutcomeColumns {
  return { ...resolutionSchedule(calendar, request, pauses, now), ...slaOutcomes(calendar, request, pauses, now) };
}

function presentTarget(state: SlaTargetState | null): SlaTarget | null {
  if (!state) return null;
  return {
    state: state.state,
    dueAt: state.dueAt?.toISOString() ?? null,
    remainingMs: state.remainingMs,
    overdueMs: state.overdueMs,
    percentUsed: Math.round(state.percentUsed * 10) / 10,
    targetMinutes: Math.round(state.targetMs / MINUTE_MS),
  };
}

export function presentRequestSla(
  calendar: BusinessCalendar,
  request: SlaRequestFacts,
  pauses: SlaPause[],
  now: Date,
): RequestSla {
  const state = computeSlaState(calendar, clockInput(request, pauses, now));
  return { firstResponse: presentTarget(state.firstResponse), resolution: presentTarget(state.resolution), paused: state.paused };
}
