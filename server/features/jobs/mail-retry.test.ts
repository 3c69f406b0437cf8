/**
 * Mail the SMTP server refused for now goes out on a later run of the retry job, on its schedule, and a
 * mail that keeps failing stops after the last attempt. A real SMTP server on loopback refuses the first
 * messages with 451, as a greylisting server does.
 */
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { createOrganisation } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { startSmtpServer } from '../../test/smtp.js';
import { createMailer } from '../mail/mailer.js';
import { MAX_MAIL_ATTEMPTS, retryUnsentMails } from './mail-retry.job.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

const MINUTE = 60_000;

describeEachDialect(
  'mail retry',
  (ctx) => {
    it('sends a refused mail again once its wait is over, and only then', async () => {
      const { database, deps: shared } = ctx();
      const greylisting = await startSmtpServer({ refuseFirst: 2 });
      const deps = { ...shared, mailer: createMailer(greylisting.url) };
      onTestFinished(async () => {
        deps.mailer.close();
        await greylisting.close();
      });
      const organisation = await createOrganisation(database.db);
      const to = `retry-${organisation.id.slice(0, 8)}@example.test`;
      await deps.mailer.send(database.db, { organisationId: organisation.id, to, subject: 'Hallo', text: 'Grüße aus Tandem' });
      const row = () => database.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', to).executeTakeFirstOrThrow();
      const first = await row();
      expect(first).toMatchObject({ status: 'failed', attempts: 1 });
      expect(first.last_error).toContain('451');
      const written = Date.parse(first.created_at);

      // Too early: nothing is attempted.
      expect(await retryUnsentMails(deps, new Date(written + MINUTE), { organisationIds: [organisation.id] })).toBe(0);
      expect(await row()).toMatchObject({ status: 'failed', attempts: 1 });
      // Due, but refused once more (the server's second refusal).
      expect(await retryUnsentMails(deps, new Date(written + 2 * MINUTE), { organisationIds: [organisation.id] })).toBe(0);
      expect(await row()).toMatchObject({ status: 'failed', attempts: 2 });
      // The next attempt waits until ten minutes after writing; then the server takes it.
      expect(await retryUnsentMails(deps, new Date(written + 5 * MINUTE), { organisationIds: [organisation.id] })).toBe(0);
      expect(await retryUnsentMails(deps, new Date(written + 10 * MINUTE), { organisationIds: [organisation.id] })).toBe(1);
      expect(await row()).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
      expect(greylisting.to(to).map((mail) => mail.text.trim())).toEqual(['Grüße aus Tandem']);
      // Sent is sent: a later run leaves it alone.
      expect(await retryUnsentMails(deps, new Date(written + 60 * MINUTE), { organisationIds: [organisation.id] })).toBe(0);
      expect(greylisting.to(to)).toHaveLength(1);
    });

    it('gives up after the last attempt, and picks up a mail whose first attempt never finished', async () => {
      const { deps, database } = ctx();
      const organisation = await createOrganisation(database.db);
      const now = Date.now();
      const base = { organisation_id: organisation.id, subject: 'S', body_text: 'T', sent_at: null };
      const exhausted = `exhausted-${organisation.id.slice(0, 8)}@example.test`;
      const stuck = `stuck-${organisation.id.slice(0, 8)}@example.test`;
      const fresh = `fresh-${organisation.id.slice(0, 8)}@example.test`;
      await database.db
        .insertInto('mail_outbox')
        .values([
          {
            ...base,
            id: crypto.randomUUID(),
            recipient: exhausted,
            status: 'failed',
            attempts: MAX_MAIL_ATTEMPTS,
            last_error: 'x',
            created_at: new Date(now - 24 * 60 * MINUTE).toISOString(),
          },
          {
            ...base,
            id: crypto.randomUUID(),
            recipient: stuck,
            status: 'queued',
            attempts: 0,
            last_error: null,
            created_at: new Date(now - 11 * MINUTE).toISOString(),
          },
          {
            ...base,
            id: crypto.randomUUID(),
            recipient: fresh,
            status: 'queued',
            attempts: 0,
            last_error: null,
            created_at: new Date(now - MINUTE).toISOString(),
          },
        ])
        .execute();
      await retryUnsentMails(deps, new Date(now), { organisationIds: [organisation.id] });
      const statusOf = async (recipient: string) =>
        (
          await database.db
            .selectFrom('mail_outbox')
            .select('status')
            .where('recipient', '=', recipient)
            .executeTakeFirstOrThrow()
        ).status;
      expect(await statusOf(exhausted)).toBe('failed');
      expect(await statusOf(stuck)).toBe('sent');
      // Written a minute ago: its own send may still be under way.
      expect(await statusOf(fresh)).toBe('queued');
      expect(smtp.to(exhausted)).toHaveLength(0);
      expect(smtp.to(fresh)).toHaveLength(0);
    });

    it('does nothing without SMTP_URL: the outbox is where mail stays', async () => {
      const { deps, database } = ctx();
      const stored = { ...deps, mailer: createMailer(undefined) };
      const organisation = await createOrganisation(database.db);
      const to = `stored-${organisation.id.slice(0, 8)}@example.test`;
      await stored.mailer.send(database.db, { organisationId: organisation.id, to, subject: 'S', text: 'T' });
      expect(
        await retryUnsentMails(stored, new Date(Date.now() + 24 * 60 * MINUTE), { organisationIds: [organisation.id] }),
      ).toBe(0);
      const row = await database.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', to).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'stored', attempts: 0 });
    });
  },
  { env: { SMTP_URL: smtp.url } },
);
