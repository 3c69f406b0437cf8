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
