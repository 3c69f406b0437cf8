/**
 * The SLA check: announces once per request when 80 % of its resolution time is used (at risk) and
 * when it has run out (breached), to the assignee or, without one, to the marketing leads. It reads
 * the stored at-risk and due instants, which every state change recomputes, so it needs no calendar.
 */
import type { AppDeps } from '../../deps.js';
import { listMarketingIds } from '../notifications/notifications.repository.js';
import { notify } from '../notifications/notifications.service.js';
import type { Job } from './job-runner.js';
import * as repo from './jobs.repository.js';

const BATCH = 500;

/**
 * Runs one check as of `now`, for every organisation or the given ones (a recheck of one tenant);
 * returns how many announcements were made.
 */
export async function runSlaCheck(deps: AppDeps, now: Date, scope: { organisationIds?: string[] } = {}): Promise<number> {
  const { db } = deps.database;
  const at = now.toISOString();
  const due = await repo.listSlaTransitionsDue(db, at, BATCH, scope.organisationIds);
  let announced = 0;
  for (const request of due) {
    // A missed at-risk warning is not sent after the breach: the breach says more.
    const breached = request.resolution_due_at !== null && request.resolution_due_at <= at && !request.sla_breached_notified_at;
    const state = breached ? 'breached' : 'at_risk';
    if (!(await repo.markSlaNotified(db, request.id, state, at))) continue;
    try {
      const assigned = request.assignee_id !== null && request.assignee_status === 'active';
      const recipients =
        assigned && request.assignee_id
          ? [request.assignee_id]
          : await listMarketingIds(db, request.organisation_id, ['marketing_lead']);
      await notify(deps, {
        organisationId: request.organisation_id,
        recipients,
        kind: breached ? 'sla_breached' : 'sla_at_risk',
        payload: {
          requestId: request.id,
          number: Number(request.number),
          title: request.title,
          ...(request.resolution_due_at ? { dueAt: request.resolution_due_at } : {}),
        },
        now,
      });
      announced++;
    } catch (error) {
      await repo.unmarkSlaNotified(db, request.id, state, at);
      throw error;
    }
  }
  return announced;
}

export function slaCheckJob(deps: AppDeps): Job {
  return {
    name: 'sla-check',
    intervalMs: 60_000,
    run: async (now) => {
      await runSlaCheck(deps, now);
    },
  };
}
