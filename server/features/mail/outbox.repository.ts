import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.js';

export async function listOutbox(db: Kysely<Tables>, organisationId: string, window: { offset: number; limit: number }) {
  const base = db.selectFrom('mail_outbox').where('organisation_id', '=', organisationId);
  const [rows, total] = await Promise.all([
    base
      .select(['id', 'created_at', 'recipient', 'subject', 'body_text', 'status'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(window.offset)
      .limit(window.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * The oldest mails that have not gone out and may get another attempt: failed ones below `maxAttempts`,
 * and queued ones whose first attempt never finished (the process stopped in between), created before
 * `queuedBefore` so that a send in flight is left alone. The caller decides which are due.
 */
export function listUnsentMails(
  db: Kysely<Tables>,
  options: { maxAttempts: number; queuedBefore: string; limit: number; organisationIds?: string[] },
) {
  return db
    .selectFrom('mail_outbox')
    .$if(options.organisationIds !== undefined, (query) => query.where('organisation_id', 'in', options.organisationIds ?? []))
    .select(['id', 'recipient', 'subject', 'body_text', 'attempts', 'created_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'failed'), eb('attempts', '<', options.maxAttempts)]),
        eb.and([eb('status', '=', 'queued'), eb('created_at', '<', options.queuedBefore)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
}
