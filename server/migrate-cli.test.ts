/**
 * `npm run db:migrate` as a real process: a wrong variable stops it with the same one line as a server start.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runMigrate(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/migrate-cli.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('db:migrate', () => {
  it('refuses a wrong variable with one line and exit code 1, without a stack trace', async () => {
    const { code, stdout, stderr } = await runMigrate({ DATABASE_URL: 'postgres:///tandem' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      'Invalid configuration: DATABASE_URL: must name a host, such as postgres://user:password@host:5432/tandem',
    );
  });
});
