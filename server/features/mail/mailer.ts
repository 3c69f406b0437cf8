/**
 * Outgoing e-mail. Every message is written to the outbox first; with SMTP_URL it is then sent
 * through nodemailer, without it it stays in the outbox, where admins can read it in the app.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';

export interface OutgoingMail {
  organisationId: string | null;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(db: Kysely<Tables>, mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from = 'Tandem <no-reply@tandem.local>'): Mailer {
  const transport: Transporter | null = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  return {
    async send(db, mail) {
      const id = randomUUID();
      await db
        .insertInto('mail_outbox')
        .values({
          id,
          organisation_id: mail.organisationId,
          recipient: mail.to,
          subject: mail.subject,
          body_text: mail.text,
          status: transport ? 'queued' : 'stored',
          attempts: 0,
          last_error: null,
          created_at: nowIso(),
          sent_at: null,
        })
        .execute();
      if (!transport) return;
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        await db
          .updateTable('mail_outbox')
          .set({ status: 'sent', attempts: 1, sent_at: nowIso() })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        // A mail server outage must not fail the user's action; the outbox keeps the message and the error.
        await db
          .updateTable('mail_outbox')
          .set({ status: 'failed', attempts: 1, last_error: String(error).slice(0, 500) })
          .where('id', '=', id)
          .execute();
      }
    },
    close() {
      transport?.close();
    },
  };
}

/** Mails sent at the same time by `sendMails`: enough to hide round trips, few enough for any SMTP server. */
const MAIL_CONCURRENCY = 8;

/** Sends prepared mails, a few at a time; each lands in the outbox first, as with every mail. */
export async function sendMails(mailer: Mailer, db: Kysely<Tables>, mails: OutgoingMail[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < mails.length) {
      const mail = mails[next++] as OutgoingMail;
      await mailer.send(db, mail);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAIL_CONCURRENCY, mails.length) }, worker));
}
