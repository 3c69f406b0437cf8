/**
 * Mail that did not go out (the SMTP server was down or refused it for now) gets more attempts, further
 * and further apart, measured from when it was written; after the last one it stays in the outbox as
 * failed, with the error, for an admin to read. Without SMTP_URL nothing leaves the outbox, so there is
 * nothing to retry.
 */
import type { AppDeps } from '../../deps.js';
import { listUnsentMails } from '../mail/outbox.repository.js';
import type { Job } from './job-runner.js';

const MINUTE = 60_000;
/** The earliest age of a mail for its next attempt, by the attempts made so far (the first is the send itself). */
const RETRY_AFTER_MS = [10 * MINUTE, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 2 * 60 * MINUTE];
export const MAX_MAIL_ATTEMPTS = RETRY_AFTER_MS.length;
const BATCH = 200;

/** Retries every unsent mail that is due as of `now` (of every organisation or the given ones); returns how many went out. */
export async function retryUnsentMails(deps: AppDeps, now: Date, scope: { organisationIds?: string[] } = {}): Promise<number> {
  if (!deps.mailer.delivers) return 0;
  const { db } = deps.database;
  const candidates = await listUnsentMails(db, {
    maxAttempts: MAX_MAIL_ATTEMPTS,
    queuedBefore: new Date(now.getTime() - (RETRY_AFTER_MS[0] as number)).toISOString(),
    limit: BATCH,
    ...scope,
  });
  let sent = 0;
  for (const mail of candidates) {
    const waitMs = RETRY_AFTER_MS[Number(mail.attempts)] ?? Number.POSITIVE_INFINITY;
    if (now.getTime() - Date.parse(mail.created_at) < waitMs) continue;
    if (await deps.mailer.resend(db, { ...mail, attempts: Number(mail.attempts) })) sent++;
  }
  return sent;
}

export function mailRetryJob(deps: AppDeps): Job {
  return {
    name: 'mail-retry',
    intervalMs: MINUTE,
    run: async (now) => {
      await retryUnsentMails(deps, now);
    },
  };
}
