/**
 * The environment, parsed once and frozen. This is the only module that reads process.env.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A string checked by `problemOf`, which names what is wrong or answers undefined. */
function checkedString(problemOf: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = problemOf(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Links are built by appending `/invite/…` to PUBLIC_URL and its host is what the browser's Origin is
 * compared with, so it must be a plain http(s) site address. A path is refused: the web app, its API
 * and the `__Host-` cookie (Path=/) all live at the root of the address.
 */
function publicUrlProblem(value: string): string | undefined {
  const example = 'such as https://tandem.example.com';
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return `must be an http:// or https:// address ${example}`;
  if (!url.hostname) return `must name a host, ${example}`;
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.search || url.hash || /[?#]/.test(value)) return `must not have a query (?…) or fragment (#…), ${example}`;
  if (url.pathname !== '/') {
    return `must not have a path: Tandem is served from the root of its own address, ${example} (not …/tandem)`;
  }
  return undefined;
}

function databaseUrlProblem(value: string): string | undefined {
  if (!/^postgres(ql)?:\/\//.test(value)) return 'must start with postgres:// (leave it unset for SQLite)';
  const url = parseUrl(value);
  if (!url) return 'must be a URL such as postgres://user:password@host:5432/tandem';
  // A Unix socket is given as ?host=/var/run/postgresql instead of a host name.
  if (!url.hostname && !url.searchParams.get('host'))
    return 'must name a host, such as postgres://user:password@host:5432/tandem';
  return undefined;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const TRUST_PROXY_HINT =
  'true, false, or a comma-separated list of the proxy addresses or CIDR ranges (e.g. 10.0.0.1,192.168.0.0/16)';

/**
 * Fastify's trustProxy: true trusts every peer, a list trusts only those peers. A hop count is refused:
 * Fastify 5 ignores it (trusts nothing), since it cannot check that the peer really is the proxy.
 */
function trustProxyProblem(value: string): string | undefined {
  if (/^(true|false)$/i.test(value.trim())) return undefined;
  if (/^\d+$/.test(value.trim())) return `a hop count is not supported; give ${TRUST_PROXY_HINT}`;
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.find((entry) => !isAddressOrCidr(entry));
  return wrong === undefined ? undefined : `"${wrong}" is not an address or CIDR range; must be ${TRUST_PROXY_HINT}`;
}

function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || /^false$/i.test(value.trim())) return false;
  if (/^true$/i.test(value.trim())) return true;
  return value.split(',').map((entry) => entry.trim());
}

const PORT_RANGE = 'must be a whole number between 1 and 65535';

const envSchema = z.object({
  // Decimal digits only: Number() would also take " ", "0x50" and "1e3".
  PORT: z
    .string()
    .regex(/^\d+$/, PORT_RANGE)
    .transform(Number)
    .pipe(z.number().min(1, PORT_RANGE).max(65535, PORT_RANGE))
    .optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: checkedString(databaseUrlProblem).optional(),
  PUBLIC_URL: checkedString(publicUrlProblem).optional(),
  TRUST_PROXY: checkedString(trustProxyProblem).optional(),
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
  /** The site's origin (scheme, host, port), without a trailing slash. */
  readonly publicUrl: string | undefined;
  /** Fastify's trustProxy: whose X-Forwarded-For decides the client address (false: nobody's). */
  readonly trustProxy: boolean | string[];
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
  const publicUrl = e.PUBLIC_URL === undefined ? undefined : new URL(e.PUBLIC_URL);
  return Object.freeze({
    port: e.PORT ?? 3000,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: publicUrl?.origin,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    smtpUrl: e.SMTP_URL,
    logLevel: e.LOG_LEVEL,
    secureCookies: publicUrl?.protocol === 'https:',
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
