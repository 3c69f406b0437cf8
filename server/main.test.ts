/**
 * The real process: boots on SQLite with migrations, answers health, and shuts down cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestDatabaseUrl } from './config.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const databases = [
  { name: 'sqlite', url: '' },
  ...(readTestDatabaseUrl() ? [{ name: 'postgres', url: readTestDatabaseUrl() ?? '' }] : []),
];

describe('server process', () => {
  it.each(databases)('starts on $name, reports health, and exits 0 after SIGTERM', async ({ name, url }) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-main-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    let health: unknown;
    for (let i = 0; i < 100 && !health; i++) {
      try {
        health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(health, output).toMatchObject({ status: 'ok', database: name });
    expect(fs.existsSync(path.join(dataDir, 'tandem.sqlite'))).toBe(name === 'sqlite');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start with one clear line when a variable is wrong', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Invalid configuration: PORT: must be a whole number between 1 and 65535');
  });
});
