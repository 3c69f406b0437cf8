/**
 * Migration 013 on a database that already holds survey data: rows and constraints survive the
 * rebuild, SQLite stores responses and answers by id, and cycles closed before keep nobody's
 * participation. PostgreSQL runs in a database of its own, so the shared test database is untouched.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readTestDatabaseUrl } from '../config.js';
import { testDialects } from '../test/harness.js';
import { migrateToLatest } from './migrate.js';
import * as foundation from './migrations/001-foundation.js';
import * as idempotencyKeys from './migrations/002-idempotency-keys.js';
import * as requests from './migrations/003-requests.js';
import * as sla from './migrations/004-sla.js';
import * as surveys from './migrations/005-surveys.js';
import * as jobsNotifications from './migrations/006-jobs-notifications.js';
import * as requestRatings from './migrations/007-request-ratings.js';
import * as surveySchedules from './migrations/008-survey-schedules.js';
import * as analyticsStatistics from './migrations/009-analytics-statistics.js';
import * as assetsAttachments from './migrations/010-assets-attachments.js';
import * as requestPerformance from './migrations/011-request-performance.js';
import * as actionPlans from './migrations/012-action-plans.js';

const BEFORE: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-idempotency-keys': idempotencyKeys,
  '003-requests': requests,
  '004-sla': sla,
  '005-surveys': surveys,
  '006-jobs-notifications': jobsNotifications,
  '007-request-ratings': requestRatings,
  '008-survey-schedules': surveySchedules,
  '009-analytics-statistics': analyticsStatistics,
  '010-assets-attachments': assetsAttachments,
  '011-request-performance': requestPerformance,
  '012-action-plans': actionPlans,
};

// biome-ignore lint/suspicious/noExplicitAny: the schema as it was before migration 013
type AnyDb = Kysely<any>;

async function openEmpty(dialect: 'sqlite' | 'postgres'): Promise<{ db: AnyDb; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-migration-'));
    const connection = new BetterSqlite3(path.join(dir, 'test.sqlite'));
    connection.pragma('foreign_keys = ON');
    const db: AnyDb = new Kysely({ dialect: new SqliteDialect({ database: connection }) });
    return { db, drop: () => db.destroy() };
  }
  // A database of its own: the migrator looks for its bookkeeping tables in every schema.
  const name = `tandem_migration_${randomUUID().replaceAll('-', '')}`;
  const url = new URL(readTestDatabaseUrl() as string);
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  url.pathname = `/${name}`;
  const db: AnyDb = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }),
  });
  return {
    db,
    drop: async () => {
      await db.destroy();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

/** An organisation with 4 invitees in an open and in a closed cycle; 2 of them answered each. */
async function seed(db: AnyDb) {
  const now = new Date().toISOString();
  await db.insertInto('organisations').values({ id: 'org', name: 'Org', default_locale: 'de', created_at: now }).execute();
  const people = ['p1', 'p2', 'p3', 'p4'];
  for (const id of people) {
    await db
      .insertInto('users')
      .values({
        id,
        organisation_id: 'org',
        email: `${id}@example.com`,
        name: id,
        role: 'sales_rep',
        locale: 'de',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const responses: string[] = [];
  for (const [cycleId, status] of [
    ['open-cycle', 'open'],
    ['closed-cycle', 'closed'],
  ] as const) {
    await db
      .insertInto('survey_cycles')
      .values({
        id: cycleId,
        organisation_id: 'org',
        form: 'pulse',
        title: '',
        with_mirror: 0,
        audience_team_ids: '[]',
        opens_on: '2026-01-01',
        closes_on: '2026-01-15',
        status,
        min_group_size: 2,
        min_comment_group_size: 2,
        created_at: now,
      })
      .execute();
    for (const [i, userId] of people.entries()) {
      const atom = { atom_team_id: '*', atom_region: '*', atom_tenure_band: '*', atom_role: '*' };
      await db
        .insertInto('survey_invitations')
        .values({
          id: randomUUID(),
          cycle_id: cycleId,
          organisation_id: 'org',
          user_id: userId,
          form: 'sales',
          token_hash: randomUUID(),
          ...atom,
          reminders_sent: i < 2 ? 0 : 1,
          answered: i < 2 ? 1 : 0,
        })
        .execute();
      if (i >= 2) continue;
      const id = randomUUID();
      responses.push(id);
      await db
        .insertInto('survey_responses')
        .values({
          id,
          cycle_id: cycleId,
          organisation_id: 'org',
          form: 'sales',
          team_id: '*',
          region: '*',
          tenure_band: '*',
          role: '*',
          client_key_hash: `key-${cycleId}-${i}`,
        })
        .execute();
      await db
        .insertInto('survey_answers')
        .values([
          { response_id: id, cycle_id: cycleId, item_id: 'TRUST1', value: 4, text: null },
          { response_id: id, cycle_id: cycleId, item_id: 'OPEN1', value: null, text: 'Gut.' },
        ])
        .execute();
    }
  }
  return responses;
}

describe('migration 013: anonymous storage order', () => {
  for (const dialect of testDialects) {
    it(`rebuilds the survey tables with their rows and constraints and forgets closed participation [${dialect}]`, async () => {
      const { db, drop } = await openEmpty(dialect);
      try {
        const before = await new Migrator({ db, provider: { getMigrations: async () => BEFORE } }).migrateToLatest();
        expect(before.error).toBeUndefined();
        const responses = await seed(db);
        expect(await migrateToLatest(db)).toContain('013-anonymous-storage-order');

        const invitations = await db.selectFrom('survey_invitations').selectAll().orderBy('user_id').execute();
        const closed = invitations.filter((row) => row.cycle_id === 'closed-cycle');
        const open = invitations.filter((row) => row.cycle_id === 'open-cycle');
        expect(closed.map((row) => [row.answered, Number(row.reminders_sent)])).toEqual([
          [null, 1],
          [null, 1],
          [null, 1],
          [null, 1],
        ]);
        expect(open.map((row) => [Number(row.answered), Number(row.reminders_sent)])).toEqual([
          [1, 0],
          [1, 0],
          [0, 1],
          [0, 1],
        ]);
        const stored = await db.selectFrom('survey_responses').select('id').execute();
        expect(stored.map((row) => row.id).sort()).toEqual([...responses].sort());
        expect(await db.selectFrom('survey_answers').selectAll().execute()).toHaveLength(8);

        if (dialect === 'sqlite') {
          const tables = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'table'
            and name in ('survey_responses', 'survey_answers')`.execute(db);
          expect(tables.rows.every((row) => /without rowid\s*$/i.test(row.sql))).toBe(true);
          const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'
            and name in ('survey_responses_cycle', 'survey_responses_cycle_client_key', 'survey_answers_cycle_item')`.execute(db);
          expect(indexes.rows).toHaveLength(3);
          expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);
        }
        // The client key is unique per cycle: the same key in another cycle is accepted, twice in one is not.
        const response = (cycleId: string, key: string) => ({
          id: randomUUID(),
          cycle_id: cycleId,
          organisation_id: 'org',
          form: 'sales',
          team_id: '*',
          region: '*',
          tenure_band: '*',
          role: '*',
          client_key_hash: key,
        });
        await db.insertInto('survey_responses').values(response('open-cycle', 'key-closed-cycle-0')).execute();
        await expect(
          db.insertInto('survey_responses').values(response('open-cycle', 'key-open-cycle-0')).execute(),
        ).rejects.toThrow();
        // Foreign keys still hold and still cascade: an answer needs its response, and goes with it.
        await expect(
          db
            .insertInto('survey_answers')
            .values({ response_id: randomUUID(), cycle_id: 'open-cycle', item_id: 'TRUST1', value: 3, text: null })
            .execute(),
        ).rejects.toThrow();
        await db.deleteFrom('survey_cycles').where('id', '=', 'closed-cycle').execute();
        expect(
          await db.selectFrom('survey_answers').select('response_id').where('cycle_id', '=', 'closed-cycle').execute(),
        ).toEqual([]);
        expect(await db.selectFrom('survey_answers').selectAll().execute()).toHaveLength(4);
      } finally {
        await drop();
      }
    });
  }
});
