/**
 * Starts the built production server (dist/) on a free port with an empty database: a fresh SQLite
 * folder, or a fresh PostgreSQL database created next to TEST_DATABASE_URL and dropped afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { readTestDatabaseUrl } from '../../../server/config.js';

export type E2eDatabase = 'sqlite' | 'postgres';

export const e2eDatabases: E2eDatabase[] = readTestDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function adminQuery(statement: string) {
  const client = new pg.Client(readTestDatabaseUrl());
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(database: E2eDatabase): Promise<RunningServer> {
  const root = path.resolve(import.meta.dirname, '../../..');
  const entry = path.join(root, 'dist/node/server/main.js');
  if (!fs.existsSync(entry) || !fs.existsSync(path.join(root, 'dist/web/index.html'))) {
    throw new Error('Browser tests need the build: run `npm run build` first.');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
  let databaseUrl = '';
  let dbName = '';
  if (database === 'postgres') {
    dbName = `tandem_e2e_${Date.now()}_${process.pid}`;
    await adminQuery(`CREATE DATABASE "${dbName}"`);
    const url = new URL(readTestDatabaseUrl() ?? '');
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 150 || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (dbName) await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    },
  };
}

/** Loads the demo company into the running server's empty database; answers the demo password. */
export async function loadDemoCompany(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/api/setup/demo`, { method: 'POST' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { password: string }).password;
}
