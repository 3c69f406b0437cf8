/**
 * Opens survey cycles scheduled for a later day once that day (UTC) has come. Idempotent across
 * instances and overlapping runs: each cycle is claimed by a conditional status update in the
 * transaction that inserts its invitations (see openDueScheduledCycles).
 */
import type { AppDeps } from '../../deps.js';
import { openDueScheduledCycles } from '../surveys/cycles.service.js';
import type { Job } from './job-runner.js';

export function scheduledCyclesJob(deps: AppDeps): Job {
  return {
    name: 'scheduled-survey-cycles',
    intervalMs: 60_000,
    run: async (now) => {
      await openDueScheduledCycles(deps, now);
    },
  };
}
