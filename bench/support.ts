/**
 * Shared pieces of the benchmarks: databases to run on, timing, and the printed table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, readBenchDatabaseUrl } from '../server/config.js';
import { type Database, type DialectName, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import type { AppDeps } from '../server/deps.js';
import { createMailer } from '../server/features/mail/mailer.js';

export const benchDialects: DialectName[] = readBenchDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

export async function openBenchDeps(dialect: DialectName): Promise<AppDeps> {
  const config = loadConfig({ DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' });
  let database: Database;
  if (dialect === 'postgres') {
    database = openDatabase({ databaseUrl: readBenchDatabaseUrl(), poolSize: 4 });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
    database = openDatabase({ sqliteFile: path.join(dir, 'bench.sqlite') });
  }
  await migrateToLatest(database.db);
  return { config, database, mailer: createMailer(undefined) };
}

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface BenchRow {
  benchmark: string;
  database: DialectName | 'none';
  measured: string;
  baseline: string;
  ratio: string;
}

export function printTable(title: string, rows: BenchRow[]) {
  console.log(`\n${title}\n`);
  console.table(rows);
}
