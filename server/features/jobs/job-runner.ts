/**
 * Scheduled jobs for a scale-out deployment: every instance runs a JobRunner, and each tick of a job
 * runs under a database lease, so that one instance at a time runs it. Jobs must be idempotent (they
 * mark what they did): the lease excludes concurrent runs, it does not count them.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.js';
import * as repo from './jobs.repository.js';

export interface Job {
  name: string;
  intervalMs: number;
  /** How long one run may take before another instance may take the job over. */
  leaseMs?: number;
  run(now: Date): Promise<void>;
}

/** The part of pino (Fastify's logger) the runner uses. */
export interface JobLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export type LeaseOutcome<T> = { ran: true; result: T } | { ran: false };

/** A holder id unique per process start: a restarted instance does not inherit a crashed run's lease. */
export function newHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Runs `fn` if this holder gets the lease `name` for `ttlMs`; otherwise does nothing. Afterwards the
 * lease is kept until `keepUntil` (so that other instances skip the rest of the period) or released.
 * A failing `fn` releases the lease at once, so that the next tick of any instance retries.
 */
export async function runWithLease<T>(
  db: Kysely<Tables>,
  name: string,
  holder: string,
  ttlMs: number,
  fn: () => Promise<T>,
  options: { now?: () => Date; keepUntil?: Date } = {},
): Promise<LeaseOutcome<T>> {
  const clock = options.now ?? (() => new Date());
  const start = clock();
  const acquired = await repo.acquireLease(
    db,
    name,
    holder,
    start.toISOString(),
    new Date(start.getTime() + ttlMs).toISOString(),
  );
  if (!acquired) return { ran: false };
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await repo.releaseLease(db, name, holder, clock().toISOString());
    throw error;
  }
  const end = clock();
  const until = options.keepUntil && options.keepUntil > end ? options.keepUntil : end;
  await repo.releaseLease(db, name, holder, until.toISOString());
  return { ran: true, result };
}

export interface JobRunner {
  readonly holder: string;
  start(): void;
  /** Runs every job once now (each under its lease) and waits for them. */
  tick(): Promise<void>;
  /** Stops the timers and waits for running jobs; call before closing the database. */
  stop(): Promise<void>;
}

export function createJobRunner(
  db: Kysely<Tables>,
  jobs: Job[],
  options: { logger: JobLogger; holder?: string; now?: () => Date },
): JobRunner {
  const holder = options.holder ?? newHolderId();
  const clock = options.now ?? (() => new Date());
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  function tickJob(job: Job): Promise<void> {
    // A slow run is not overlapped by the next tick of the same instance.
    const current = running.get(job.name);
    if (current || stopped) return current ?? Promise.resolve();
    const startedAt = clock();
    const run = runWithLease(db, job.name, holder, job.leaseMs ?? 5 * 60_000, () => job.run(clock()), {
      now: clock,
      // Held for most of the period: the other instances' ticks in this period skip the job.
      keepUntil: new Date(startedAt.getTime() + job.intervalMs - 5_000),
    })
      .then((outcome) => {
        if (outcome.ran) options.logger.info({ job: job.name, ms: clock().getTime() - startedAt.getTime() }, 'job ran');
      })
      .catch((error: unknown) => {
        options.logger.error({ job: job.name, err: error }, 'job failed');
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  }

  return {
    holder,
    start() {
      for (const job of jobs) {
        void tickJob(job);
        const timer = setInterval(() => void tickJob(job), job.intervalMs);
        timer.unref();
        timers.push(timer);
      }
    },
    async tick() {
      await Promise.all(jobs.map(tickJob));
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
