/**
 * Opens the cycles of active survey schedules: for each form, once per period (month for pulses,
 * quarter for trust checks, opening in the quarter's first month) as soon as the schedule's day of
 * the month has come, in UTC dates (organisations have no time zone yet).
 *
 * Idempotent across instances and overlapping runs: the period is claimed by a conditional update of
 * `last_opened_period` in the very transaction that inserts the cycle, so two runs never open the
 * same period twice, and a failed opening rolls the claim back and is retried on the next tick.
 * The cycle has no creator (created_by null, audit actor null): the schedule opened it, not a person.
 */
import type { AppDeps } from '../../deps.js';
import { openCycle } from '../surveys/cycles.service.js';
import * as repo from '../surveys/schedules.repository.js';
import { periodOf } from '../surveys/schedules.service.js';
import type { Job } from './job-runner.js';

/** Thrown inside the opening transaction when another run claimed the period first. */
class PeriodAlreadyClaimed extends Error {}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Opens every due scheduled cycle as of `now`, for every organisation or the given ones; returns how
 * many cycles it opened. A failing schedule does not keep the others from opening; the failures are
 * thrown together at the end so the runner logs them and retries on its next tick.
 */
export async function runSurveySchedules(deps: AppDeps, now: Date, scope: { organisationIds?: string[] } = {}): Promise<number> {
  const { db } = deps.database;
  const today = now.toISOString().slice(0, 10);
  const failures: unknown[] = [];
  let opened = 0;
  for (const form of ['pulse', 'trust_check'] as const) {
    const period = periodOf(form, now);
    if (!period) continue;
    const due = await repo.listDueSchedules(db, form, period, now.getUTCDate(), scope.organisationIds);
    for (const schedule of due) {
      try {
        await openCycle(
          deps,
          { userId: null, organisationId: schedule.organisation_id, organisationName: schedule.organisation_name, ip: null },
          {
            form,
            audienceTeamIds: JSON.parse(schedule.audience_team_ids) as string[],
            withMirror: schedule.with_mirror === 1,
            closesOn: addDays(today, schedule.open_days),
          },
          deps.config.publicUrl ?? `http://localhost:${deps.config.port}`,
          {
            now,
            inTransaction: async (trx) => {
              if (!(await repo.claimSchedulePeriod(trx, schedule.organisation_id, form, period))) {
                throw new PeriodAlreadyClaimed();
              }
            },
          },
        );
        opened++;
      } catch (error) {
        if (!(error instanceof PeriodAlreadyClaimed)) failures.push(error);
      }
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} scheduled cycles failed to open`);
  return opened;
}

export function surveyScheduleJob(deps: AppDeps): Job {
  return {
    name: 'survey-schedules',
    intervalMs: 60_000,
    run: async (now) => {
      await runSurveySchedules(deps, now);
    },
  };
}
