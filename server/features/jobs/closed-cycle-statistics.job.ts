/**
 * Stores the dashboard statistics of closed survey cycles in the background, so that neither the
 * request that closes a cycle nor the first reader of the dashboard pays for them (at 50,000 people a
 * cycle takes seconds: the atom statistics, every group's plans and sums, and the key-driver
 * bootstrap of the organisation and each region). A cycle counts as done once its sales figures'
 * marker is stored, which storeClosedCycleStatistics writes last; everything before it is
 * insert-or-ignore, so a run cut off half-way, or one racing a reader that filled the figures first,
 * is simply redone or skipped on a later tick. Failures are thrown together at the end: the runner logs
 * them, releases the lease, and the next tick retries the cycles still not done.
 */
import type { AppDeps } from '../../deps.js';
import { storeClosedCycleStatistics } from '../analytics/dashboard.service.js';
import type { Job } from './job-runner.js';
import * as repo from './jobs.repository.js';

/** Cycles per run: a few minutes of work at most, well inside the lease. */
const BATCH = 20;

/**
 * Stores the statistics of closed cycles that lack them, for every organisation or the given ones;
 * returns how many cycles it stored.
 */
export async function storeStatisticsOfClosedCycles(deps: AppDeps, scope: { organisationIds?: string[] } = {}): Promise<number> {
  const due = await repo.listClosedCyclesWithoutStatistics(deps.database.db, BATCH, scope.organisationIds);
  const failures: unknown[] = [];
  let stored = 0;
  for (const cycle of due) {
    try {
      await storeClosedCycleStatistics(deps, cycle);
      stored++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1)
    throw new AggregateError(failures, `${failures.length} closed cycles failed to store their statistics`);
  return stored;
}

export function closedCycleStatisticsJob(deps: AppDeps): Job {
  return {
    name: 'closed-cycle-statistics',
    // Soon after a cycle closes, so that the first dashboard read finds its statistics stored.
    intervalMs: 15_000,
    leaseMs: 20 * 60_000,
    run: async () => {
      await storeStatisticsOfClosedCycles(deps);
    },
  };
}
