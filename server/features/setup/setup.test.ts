import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createMailer } from '../mail/mailer.js';

// First run needs an empty database, so these tests use their own SQLite files rather than the shared matrix database.
async function emptyApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-setup-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const database = openDatabase({ sqliteFile: path.join(dir, 'tandem.sqlite') });
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database, mailer: createMailer(undefined) });
  return { app, database };
}

const opened: Awaited<ReturnType<typeof emptyApp>>[] = [];
afterEach(async () => {
  for (const { app, database } of opened.splice(0)) {
    await app.close();
    await database.close();
  }
});

describe('first run', () => {
  it('offers setup on an empty database, creates the organisation and signs the admin in, then refuses a second setup', async () => {
    const ctx = await emptyApp();
    opened.push(ctx);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needsSetup: true });
    const body = {
      organisationName: 'Muster GmbH',
      adminName: 'Erika Mustermann',
      adminEmail: 'Erika@Example.test',
      password: 'a long enough password',
      locale: 'de',
    };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/setup', payload: body });
    expect(created.statusCode).toBe(200);
    expect(created.json().user).toMatchObject({ role: 'admin', email: 'erika@example.test', organisationName: 'Muster GmbH' });
    expect(String(created.headers['set-cookie'])).toMatch(/tandem_session=/);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needsSetup: false });
    const again = await ctx.app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, adminEmail: 'x@example.test' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_set_up');
    const demo = await ctx.app.inject({ method: 'POST', url: '/api/setup/demo' });
    expect(demo.statusCode).toBe(409);
  });

  it('rejects a short password and stores nothing', async () => {
    const ctx = await emptyApp();
    opened.push(ctx);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organisationName: 'Muster GmbH', adminName: 'E', adminEmail: 'e@example.test', password: 'short' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(response.json().error.message).toMatch(/password/);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needsSetup: true });
  });
});
