/**
 * The dialect matrix: `describeEachDialect` runs a suite once on SQLite and once on PostgreSQL.
 * Each suite gets its own app; tests isolate themselves by creating their own organisations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../app.js';
import { type Config, loadConfig, readTestDatabaseUrl } from '../config.js';
import { type Database, type DialectName, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { AppDeps } from '../deps.js';
import { createMailer, type Mailer } from '../features/mail/mailer.js';

export interface TestContext {
  readonly dialect: DialectName;
  readonly deps: AppDeps;
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly config: Config;
}

export const testDialects: DialectName[] = readTestDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

export async function openTestDatabase(dialect: DialectName): Promise<Database> {
  if (dialect === 'postgres') {
    // Migrated once by the global setup.
    return openDatabase({ databaseUrl: readTestDatabaseUrl(), poolSize: 4 });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-test-'));
  const database = openDatabase({ sqliteFile: path.join(dir, 'test.sqlite') });
  await migrateToLatest(database.db);
  return database;
}

export interface ContextOptions {
  env?: Record<string, string>;
  mailer?: Mailer;
}

export async function createTestContext(dialect: DialectName, options: ContextOptions = {}): Promise<TestContext> {
  const config = loadConfig({ DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', ...options.env });
  const database = await openTestDatabase(dialect);
  const deps: AppDeps = { config, database, mailer: options.mailer ?? createMailer(config.smtpUrl) };
  const app = await buildApp(deps);
  await app.ready();
  return { dialect, deps, app, database, config };
}

/** Registers `fn` once per dialect; the context is ready inside tests (not at collection time). */
export function describeEachDialect(name: string, fn: (ctx: () => TestContext) => void, options: ContextOptions = {}) {
  for (const dialect of testDialects) {
    describe(`${name} [${dialect}]`, () => {
      let context: TestContext | undefined;
      beforeAll(async () => {
        context = await createTestContext(dialect, options);
      });
      afterAll(async () => {
        await context?.app.close();
        await context?.database.close();
      });
      fn(() => {
        if (!context) throw new Error('test context not ready');
        return context;
      });
    });
  }
}
