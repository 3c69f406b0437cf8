/**
 * Idempotency keys answer retries of a create. A client retries within seconds or minutes, so after a
 * day a key (and the response it keeps) protects against nothing any more and is deleted. Hourly runs
 * keep each deletion to about an hour's worth of keys.
 */
import type { AppDeps } from '../../deps.js';
import { deleteIdempotencyKeysBefore } from '../idempotency/idempotency.repository.js';
import type { Job } from './job-runner.js';

export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60_000;

/** Deletes the keys older than their lifetime as of `now`; returns how many went. */
export function purgeIdempotencyKeys(deps: AppDeps, now: Date): Promise<number> {
  return deleteIdempotencyKeysBefore(deps.database.db, new Date(now.getTime() - IDEMPOTENCY_KEY_LIFETIME_MS).toISOString());
}

export function idempotencyPurgeJob(deps: AppDeps): Job {
  return {
    name: 'idempotency-purge',
    intervalMs: 60 * 60_000,
    run: async (now) => {
      await purgeIdempotencyKeys(deps, now);
    },
  };
}
