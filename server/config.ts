/**
 * The environment, parsed once and frozen. This is the only module that reads process.env.
 */
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number between 0 and 65535' })
    .int({ error: 'must be a whole number between 0 and 65535' })
    .min(0, { error: 'must be a whole number between 0 and 65535' })
    .max(65535, { error: 'must be a whole number between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave it unset for SQLite)')
    .optional(),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://tandem.example.com' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Absent: SQLite at `$DATA_DIR/tandem.sqlite`. */
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Cookies get `Secure` and the `__Host-` prefix only when the public address is https. */
  readonly secureCookies: boolean;
  readonly version: string;
}

export class ConfigError extends Error {}

/** Empty strings count as unset, so `DATABASE_URL= npm start` means SQLite. */
function withoutEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

export function loadConfig(env: Record<string, string | undefined> = process.env, version = '0.1.0'): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.PUBLIC_URL?.startsWith('https://') ?? false,
    version,
  });
}

/** Test runs point this at a PostgreSQL database; unset means the PostgreSQL half of the matrix is skipped. */
export function readTestDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.TEST_DATABASE_URL || undefined;
}

/** Benchmarks run on PostgreSQL too when this (or TEST_DATABASE_URL) points at a database. */
export function readBenchDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || undefined;
}

/**
 * Names of the benchmarks to run (BENCH_ONLY=dashboard,requests); empty runs every benchmark. Long runs
 * of one benchmark at full scale need not pay for the others.
 */
export function readBenchOnly(env: Record<string, string | undefined> = process.env): string[] {
  return (env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** The dashboard benchmark's organisation size as a fraction of 50,000 people (1 unless BENCH_DASHBOARD_SCALE says less). */
export function readBenchDashboardScale(env: Record<string, string | undefined> = process.env): number {
  const scale = Number(env.BENCH_DASHBOARD_SCALE ?? '1');
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
}
