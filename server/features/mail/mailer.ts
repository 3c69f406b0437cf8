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

/** An outbox row that has not gone out yet: queued (its first attempt never finished) or failed. */
export interface UnsentMail {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  attempts: number;
}

export interface Mailer {
  /** Whether mails leave the outbox at all (SMTP_URL set); without it they stay there to be read in the app. */
  readonly delivers: boolean;
  send(db: Kysely<Tables>, mail: OutgoingMail): Promise<void>;
  /** One more attempt at an unsent mail; true when the server took it. */
  resend(db: Kysely<Tables>, mail: UnsentMail): Promise<boolean>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from = 'Tandem <no-reply@tandem.local>'): Mailer {
  const transport: Transporter | null = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;

  /** Hands the mail to the SMTP server and records the outcome on its outbox row. */
  async function attempt(db: Kysely<Tables>, mail: UnsentMail): Promise<boolean> {
    if (!transport) return false;
    const attempts = mail.attempts + 1;
    try {
      await transport.sendMail({ from, to: mail.recipient, subject: mail.subject, text: mail.body_text });
      await db
        .updateTable('mail_outbox')
        .set({ status: 'sent', attempts, sent_at: nowIso(), last_error: null })
        .where('id', '=', mail.id)
        .execute();
      return true;
    } catch (error) {
      // A mail server outage must not fail the user's action; the outbox keeps the message and the error,
      // and the retry job tries again later.
      await db
        .updateTable('mail_outbox')
        .set({ status: 'failed', attempts, last_error: String(error).slice(0, 500) })
        .where('id', '=', mail.id)
        .execute();
      return false;
    }
  }

  return {
    delivers: transport !== null,
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
      await attempt(db, { id, recipient: mail.to, subject: mail.subject, body_text: mail.text, attempts: 0 });
    },
    resend: attempt,
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
