/**
 * `npm run demo`: resets the embedded SQLite database to the demo company, then starts the production
 * server the way `npm start` does and shows where to sign in once it answers.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Role } from '../common/roles.js';
import { type Config, ConfigError, loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { DEMO_PASSWORD, type DemoCompany, demoLogins, seedDemoCompany } from '../server/features/demo/demo.service.js';
import { findPackageRoot } from '../server/version.js';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  executive: 'Executive',
  marketing_lead: 'Marketing lead',
  marketer: 'Marketer',
  sales_lead: 'Sales lead',
  sales_rep: 'Sales rep',
};

async function main() {
  const config = readConfig();
  if (config.databaseUrl) {
    fail(
      'npm run demo resets the embedded SQLite database, but DATABASE_URL points at PostgreSQL, which it will not touch.\n' +
        'Unset DATABASE_URL to run the demo on SQLite, or start Tandem (npm start) on an empty PostgreSQL database\n' +
        'and choose the demo company on the first-run page.',
    );
  }
  // Deleting the database under a running server would leave it writing to a file nobody reads.
  if (config.port !== 0 && !(await isPortFree(config.port, config.host))) {
    fail(`Port ${config.port} is in use. Is Tandem already running? Stop it first, or choose another PORT.`);
  }

  const sqliteFile = path.join(config.dataDir, 'tandem.sqlite');
  for (const file of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) fs.rmSync(file, { force: true });
  const database = openDatabase({ sqliteFile });
  let demo: DemoCompany;
  try {
    await migrateToLatest(database.db);
    demo = await seedDemoCompany(database);
  } finally {
    await database.close();
  }
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  console.log(
    `Loaded the demo company ${demo.organisationName} into ${sqliteFile}: ` +
      `${demo.counts.people} people, ${demo.counts.teams} teams, ${demo.counts.accounts} accounts, ` +
      `${demo.counts.cycles} trust pulses with ${demo.counts.responses} responses, ${demo.counts.requests} requests. Starting Tandem…`,
  );

  const root = findPackageRoot();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    process.exit(code ?? (signal ? 1 : 0));
  });

  // The first start on a fresh clone builds for a minute; the logins come last so that they stay in view.
  if (await waitUntilServing(config, () => exited)) console.log(loginBox(demo, url));
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host }, () => server.close(() => resolve(true)));
  });
}

async function waitUntilServing(config: Config, stopped: () => boolean): Promise<boolean> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const healthUrl = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/api/health`;
  const deadline = Date.now() + 10 * 60_000;
  while (!stopped() && Date.now() < deadline) {
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  return false;
}

function loginBox(demo: DemoCompany, url: string): string {
  const logins = demoLogins(demo);
  const roleWidth = Math.max(...logins.map((l) => ROLE_LABELS[l.role].length));
  const emailWidth = Math.max(...logins.map((l) => l.email.length));
  const lines = [
    `Tandem demo: ${demo.organisationName}`,
    '',
    `Open ${url} and sign in as`,
    '',
    ...logins.map((l) => `  ${ROLE_LABELS[l.role].padEnd(roleWidth)}  ${l.email.padEnd(emailWidth)}  ${l.name}`),
    '',
    `Password for every login: ${DEMO_PASSWORD}`,
    'npm run demo again resets everything; Ctrl+C stops the server.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  return [
    '',
    `┌${'─'.repeat(width + 2)}┐`,
    ...lines.map((line) => `│ ${line.padEnd(width)} │`),
    `└${'─'.repeat(width + 2)}┘`,
    '',
  ].join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
