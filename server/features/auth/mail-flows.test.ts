/**
 * Password reset and invitation, end to end through a real SMTP server on loopback.
 */
import { afterAll, expect, it } from 'vitest';
import { createOrganisation, createOrganisationWithRoles, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { startSmtpServer } from '../../test/smtp.js';
import { sendInvitation } from './auth.service.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

const PUBLIC_URL = 'http://tandem.example.test:8080';

function tokenFrom(text: string, route: 'reset' | 'invite') {
  const match = new RegExp(`${PUBLIC_URL.replaceAll('.', '\\.')}/${route}/([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${route} link in: ${text}`);
  return match[1];
}

async function waitForMail(address: string, count = 1) {
  for (let i = 0; i < 100 && smtp.to(address).length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return smtp.to(address);
}

describeEachDialect(
  'mail flows',
  (ctx) => {
    it('resets a password by an e-mailed one-time link in the person’s language', async () => {
      const { app, database } = ctx();
      const org = await createOrganisation(database.db);
      const user = await createUser(database.db, org.id, { locale: 'en' });
      const requested = await app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/request',
        payload: { email: user.email },
      });
      expect(requested.statusCode).toBe(200);
      const [mail] = await waitForMail(user.email);
      expect(mail?.subject).toBe('Tandem: reset your password');
      const token = tokenFrom(mail?.text ?? '', 'reset');

      const newPassword = 'a brand new passphrase';
      const confirmed = await app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password: newPassword },
      });
      expect(confirmed.statusCode).toBe(200);
      const reused = await app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password: newPassword },
      });
      expect(reused.statusCode).toBe(400);
      expect(reused.json().error.code).toBe('token_invalid');

      const ip = '10.77.0.1';
      const oldLogin = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: ip,
        payload: { email: user.email, password: TEST_PASSWORD },
      });
      expect(oldLogin.statusCode).toBe(401);
      const newLogin = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: ip,
        payload: { email: user.email, password: newPassword },
      });
      expect(newLogin.statusCode).toBe(200);
      const outbox = await database.db.selectFrom('mail_outbox').select(['status']).where('recipient', '=', user.email).execute();
      expect(outbox.map((r) => r.status)).toEqual(['sent']);
    });

    it('answers a reset request for an unknown address exactly like a known one, and sends nothing', async () => {
      const { app } = ctx();
      const before = smtp.received.length;
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/request',
        payload: { email: 'ghost@example.test' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 50));
      expect(smtp.received.length).toBe(before);
    });

    it('invites a person in German; the invitee sets a password and is signed in', async () => {
      const { app, database, deps } = ctx();
      const org = await createOrganisation(database.db, 'Beispiel AG');
      const invitee = await createUser(database.db, org.id, { status: 'invited', locale: 'de', name: 'Jürgen Weiß' });
      await sendInvitation(
        deps,
        database.db,
        { id: invitee.id, organisationId: org.id, email: invitee.email, name: invitee.name, locale: 'de' },
        org.name,
        'http://ignored.example',
      );
      const [mail] = await waitForMail(invitee.email);
      expect(mail?.subject).toBe('Einladung zu Tandem – Beispiel AG');
      expect(mail?.text).toContain('Hallo Jürgen Weiß');
      const token = tokenFrom(mail?.text ?? '', 'invite');

      const info = await app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` });
      expect(info.json()).toEqual({ email: invitee.email, name: 'Jürgen Weiß', organisationName: 'Beispiel AG', locale: 'de' });
      const short = await app.inject({
        method: 'POST',
        url: '/api/auth/invitations/accept',
        payload: { token, password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      const accepted = await app.inject({
        method: 'POST',
        url: '/api/auth/invitations/accept',
        payload: { token, password: 'welcome to the team' },
      });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json().user).toMatchObject({ id: invitee.id, organisationName: 'Beispiel AG' });
      const row = await database.db.selectFrom('users').select('status').where('id', '=', invitee.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
      const again = await app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` });
      expect(again.statusCode).toBe(400);
    });

    it('lets an admin read the outbox of the own organisation only', async () => {
      const { app, database, deps } = ctx();
      const { clients, organisation } = await createOrganisationWithRoles(app, database.db);
      const invitee = await createUser(database.db, organisation.id, { status: 'invited', locale: 'en' });
      await sendInvitation(deps, database.db, { ...invitee, locale: 'en' }, organisation.name, 'http://x');
      const outbox = await clients.admin.inject({ method: 'GET', url: '/api/outbox' });
      expect(outbox.statusCode).toBe(200);
      expect(outbox.json().items.map((m: { to: string }) => m.to)).toEqual([invitee.email]);
      expect((await clients.marketer.inject({ method: 'GET', url: '/api/outbox' })).statusCode).toBe(403);
    });
  },
  { env: { SMTP_URL: smtp.url, PUBLIC_URL } },
);
