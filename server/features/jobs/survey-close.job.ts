/**
 * Closes survey cycles whose closing day has passed, so that a scheduled or forgotten cycle ends on its
 * own: the dashboard (which shows the last closed cycle) and the closed-cycle statistics job see it.
 *
 * The rule is the answering check's (answering.service isOpen, reminders, my surveys): a cycle takes
 * answers up to and including its closing day, in UTC dates (organisations have no time zone yet). It
 * is therefore closed once the UTC date is after `closes_on`, never while an answer would still be
 * accepted. A cycle closing today stays open until tomorrow, UTC.
 *
 * Each cycle is closed by closeCycle itself, with no user (the audit entry's actor is null, as for a
 * cycle the schedule opened). Its conditional update lets exactly one close win: a person closing the
 * same cycle at the same moment gets the usual "already closed", and the job skips a cycle someone else
 * closed first. Failures do not stop the others; they are thrown together at the end, so the runner
 * logs them and the next tick retries the cycles still open.
 */
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { closeCycle } from '../surveys/cycles.service.js';
import type { Job } from './job-runner.js';
import * as repo from './jobs.repository.js';

/** Cycles per run: closing is cheap, and a backlog is worked through on the following ticks. */
const BATCH = 200;

/** Closes the cycles due as of `now`, for every organisation or the given ones; returns how many it closed. */
export async function closeDueCycles(deps: AppDeps, now: Date, scope: { organisationIds?: string[] } = {}): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const due = await repo.listOpenCyclesClosedBefore(deps.database.db, today, BATCH, scope.organisationIds);
  const failures: unknown[] = [];
  let closed = 0;
  for (const cycle of due) {
    try {
      await closeCycle(
        deps,
        { userId: null, organisationId: cycle.organisation_id, organisationName: cycle.organisation_name, ip: null },
        cycle.id,
      );
      closed++;
    } catch (error) {
      // Closed meanwhile by a person or another run: already done.
      if (error instanceof AppError && error.code === 'cycle_closed') continue;
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} survey cycles failed to close`);
  return closed;
}

/** `scope` limits the job to some organisations (tests sharing a database); the server runs it for all. */
export function surveyCloseJob(deps: AppDeps, scope: { organisationIds?: string[] } = {}): Job {
  return {
    name: 'survey-close',
    intervalMs: 60_000,
    run: async (now) => {
      await closeDueCycles(deps, now, scope);
    },
  };
}
