/**
 * Two first-run setups at the same moment: exactly one wins, the other is told that Tandem is set up.
 * Each round needs an empty database: a fresh SQLite file, or on PostgreSQL a fresh schema in the test
 * database (the shared schema already holds other tests' organisations).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig, readTestDatabaseUrl } from '../../config.js';
import { type Database, type DialectName, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { testDialects } from '../../test/harness.js';
import { createMailer } from '../mail/mailer.js';

/** Overlap is a matter of timing; several rounds make a lost race show up reliably. */
const ROUNDS = 5;

interface EmptyApp {
  app: FastifyInstance;
  database: Database;
  dispose(): Promise<void>;
}

async function emptyApp(dialect: DialectName): Promise<EmptyApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-setup-race-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  if (dialect === 'sqlite') {
    const database = openDatabase({ sqliteFile: path.join(dir, 'tandem.sqlite') });
    await migrateToLatest(database.db);
    const app = await buildApp({ config, database, mailer: createMailer(undefined) });
    const dispose = async () => {
      await app.close();
      await database.close();
    };
    return { app, database, dispose };
  }
  const schema = `setup_race_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = openDatabase({ databaseUrl: readTestDatabaseUrl(), poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const url = new URL(readTestDatabaseUrl() ?? '');
  url.searchParams.set('options', `-c search_path=${schema}`);
  // Several connections, so that the two requests really run in separate transactions.
  const database = openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  const dropSchema = async () => {
    await database.close();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  };
  try {
    await migrateToLatest(database.db, { schema });
    const app = await buildApp({ config, database, mailer: createMailer(undefined) });
    const dispose = async () => {
      await app.close();
      await dropSchema();
    };
    return { app, database, dispose };
  } catch (error) {
    await dropSchema();
    throw error;
  }
}

function setupBody(n: number) {
  return {
    organisationName: `Race ${n} GmbH`,
    adminName: `Admin ${n}`,
    adminEmail: `admin-${n}@example.test`,
    password: 'a long enough password',
    locale: 'de',
  };
}

async function countOrganisations(database: Database) {
  const rows = await database.db.selectFrom('organisations').select('id').execute();
  return rows.length;
}

for (const dialect of testDialects) {
  describe(`first-run setup race [${dialect}]`, () => {
    it('lets exactly one of two simultaneous setups win; the other gets 409', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const ctx = await emptyApp(dialect);
        try {
          const responses = await Promise.all(
            [1, 2].map((n) => ctx.app.inject({ method: 'POST', url: '/api/setup', payload: setupBody(n) })),
          );
          const codes = responses.map((r) => r.statusCode).sort();
          expect(codes, `round ${round}`).toEqual([200, 409]);
          const refused = responses.find((r) => r.statusCode === 409);
          expect(refused?.json()).toEqual({ error: { code: 'already_set_up', message: expect.any(String) } });
          expect(await countOrganisations(ctx.database)).toBe(1);
        } finally {
          await ctx.dispose();
        }
      }
    });

    it('lets exactly one of a simultaneous setup and demo win', async () => {
      const ctx = await emptyApp(dialect);
      try {
        const [form, demo] = await Promise.all([
          ctx.app.inject({ method: 'POST', url: '/api/setup', payload: setupBody(1) }),
          ctx.app.inject({ method: 'POST', url: '/api/setup/demo' }),
        ]);
        expect([form.statusCode, demo.statusCode].sort()).toEqual([200, 409]);
        const refused = form.statusCode === 409 ? form : demo;
        expect(refused.json().error.code).toBe('already_set_up');
        expect(await countOrganisations(ctx.database)).toBe(1);
      } finally {
        await ctx.dispose();
      }
    }, 60_000);
  });
}
