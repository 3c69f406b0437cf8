import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestDatabaseUrl } from '../../config.js';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { testDialects } from '../../test/harness.js';
import { createJobRunner, type JobLogger, runWithLease } from './job-runner.js';
import { findLease } from './jobs.repository.js';

/** Two independent connections to one database: two instances of the app. */
async function openTwo(dialect: string): Promise<[Database, Database]> {
  if (dialect === 'postgres') {
    const url = readTestDatabaseUrl();
    return [openDatabase({ databaseUrl: url, poolSize: 2 }), openDatabase({ databaseUrl: url, poolSize: 2 })];
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-jobs-')), 'test.sqlite');
  const first = openDatabase({ sqliteFile: file });
  await migrateToLatest(first.db);
  return [first, openDatabase({ sqliteFile: file })];
}

function recordingLogger() {
  const errors: { details: object; message: string }[] = [];
  const logger: JobLogger = { info: () => {}, error: (details, message) => errors.push({ details, message }) };
  return { logger, errors };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const dialect of testDialects) {
  describe(`job leases [${dialect}]`, () => {
    let a: Database;
    let b: Database;
    beforeAll(async () => {
      [a, b] = await openTwo(dialect);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('lets exactly one of two instances run a job at a time', async () => {
      const name = `test-${randomUUID()}`;
      let active = 0;
      let maxActive = 0;
      let runs = 0;
      const work = async () => {
        active++;
        runs++;
        maxActive = Math.max(maxActive, active);
        await sleep(150);
        active--;
      };
      const outcomes = await Promise.all([
        runWithLease(a.db, name, 'holder-a', 60_000, work),
        runWithLease(b.db, name, 'holder-b', 60_000, work),
        runWithLease(a.db, name, 'holder-c', 60_000, work),
      ]);
      expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
      expect(runs).toBe(1);
      expect(maxActive).toBe(1);
      // Released: the next one may run.
      expect((await runWithLease(b.db, name, 'holder-b', 60_000, async () => 'ok')).ran).toBe(true);
    });

    it('skips a live lease of another holder, takes over an expired one, and renews its own', async () => {
      const name = `test-${randomUUID()}`;
      const future = new Date(Date.now() + 60_000).toISOString();
      await a.db.insertInto('job_leases').values({ name, holder: 'crashed', expires_at: future }).execute();
      expect((await runWithLease(b.db, name, 'me', 30_000, async () => 1)).ran).toBe(false);

      await a.db
        .updateTable('job_leases')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('name', '=', name)
        .execute();
      const keepUntil = new Date(Date.now() + 50_000);
      const outcome = await runWithLease(b.db, name, 'me', 30_000, async () => 42, { keepUntil });
      expect(outcome).toEqual({ ran: true, result: 42 });
      expect(await findLease(a.db, name)).toEqual({ name, holder: 'me', expires_at: keepUntil.toISOString() });

      // Kept for the period: others skip, the holder itself may run again.
      expect((await runWithLease(a.db, name, 'other', 30_000, async () => 1)).ran).toBe(false);
      expect((await runWithLease(a.db, name, 'me', 30_000, async () => 1)).ran).toBe(true);
    });

    it('runs each job under its lease across two runners, logs failures and keeps ticking', async () => {
      const name = `test-${randomUUID()}`;
      const failing = `test-${randomUUID()}`;
      let runs = 0;
      let failures = 0;
      const jobsOf = () => [
        {
          name,
          intervalMs: 60_000,
          run: async () => {
            runs++;
            await sleep(50);
          },
        },
        {
          name: failing,
          intervalMs: 60_000,
          run: async () => {
            failures++;
            throw new Error('boom');
          },
        },
      ];
      const first = recordingLogger();
      const second = recordingLogger();
      const runnerA = createJobRunner(a.db, jobsOf(), { logger: first.logger });
      const runnerB = createJobRunner(b.db, jobsOf(), { logger: second.logger });
      expect(runnerA.holder).not.toBe(runnerB.holder);

      await Promise.all([runnerA.tick(), runnerB.tick()]);
      expect(runs).toBe(1);
      // The healthy job is held for the period by the instance that ran it: only that one runs it again.
      await runnerB.tick();
      await runnerA.tick();
      expect(runs).toBe(2);

      // The failing job released its lease each time, so every tick retried it, and nothing crashed.
      expect(failures).toBeGreaterThanOrEqual(3);
      const logged = [...first.errors, ...second.errors];
      expect(logged.length).toBe(failures);
      expect(logged[0]?.message).toBe('job failed');
      expect(logged[0]?.details).toMatchObject({ job: failing });

      await Promise.all([runnerA.stop(), runnerB.stop()]);
    });

    it('waits for a running job when stopped', async () => {
      const name = `test-${randomUUID()}`;
      let finished = false;
      const runner = createJobRunner(
        a.db,
        [
          {
            name,
            intervalMs: 60_000,
            run: async () => {
              await sleep(200);
              finished = true;
            },
          },
        ],
        { logger: recordingLogger().logger },
      );
      runner.start();
      await sleep(20);
      await runner.stop();
      expect(finished).toBe(true);
      // A stopped runner starts nothing new.
      await runner.tick();
    });
  });
}
