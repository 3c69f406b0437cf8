/**
 * What closing a cycle does to its storage, so that a database reader learns neither who answered it
 * nor in which order the answers came (docs/decisions/0004-survey-storage.md). Runs inside the
 * transaction that closes the cycle; the demo data goes through it for its closed cycles too.
 */
import { PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Tables } from '../../db/tables.js';
import { advanceReleaseEpoch } from './release-epochs.js';

/**
 * Closing is one more release epoch (decision 0013): every answer still pending is counted in the final
 * epoch of its form, planned like any other, so that the closed cycle's figures include everyone who
 * answered wherever that singles nobody out.
 */
export async function takeFinalReleaseEpochs(
  db: Transaction<Tables>,
  cycle: { id: string; min_group_size: number },
): Promise<void> {
  for (const form of ['sales', 'mirror'] as const) await advanceReleaseEpoch(db, cycle, form, { closing: true });
}

/**
 * Forgets, for one cycle that is being closed, every trace of who answered and when:
 * - `answered` becomes NULL for every invitation: nobody is marked as having answered or not. Nothing
 *   needs it any more: answers, reminders and new links are refused for a closed cycle, and counts
 *   come from the responses.
 * - `reminders_sent` becomes the cycle's number of reminder rounds for every invitation: reminders
 *   went only to those who had not answered yet, so the per-person count told who answered early.
 * - PostgreSQL only: the cycle's invitations, responses and answers are rewritten in id order. Its
 *   heap keeps rows in insertion order, and an update writes a new row version at the end, so the
 *   stored order of responses (and of invitations, after `answered` was set) followed the order of
 *   answering. The old row versions stay on disk as dead tuples until (auto)vacuum reclaims them.
 *   SQLite needs no rewrite: responses and answers are `WITHOUT ROWID` tables kept in id order, and
 *   an update leaves an invitation where it was (migration 013).
 */
export async function forgetParticipationOfClosingCycle(db: Transaction<Tables>, cycleId: string): Promise<void> {
  await sql`update survey_invitations
    set answered = null,
        reminders_sent = (select max(other.reminders_sent) from survey_invitations other where other.cycle_id = ${cycleId})
    where cycle_id = ${cycleId}`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) await rewriteInIdOrder(db, cycleId);
}

/**
 * Copies the cycle's rows aside, deletes them and inserts them again sorted by id. Responses go before
 * their answers (the foreign key), and deleting a response deletes its answers (cascade). A transaction
 * is required: it keeps every statement on the one connection that sees the temporary tables.
 */
async function rewriteInIdOrder(db: Transaction<Tables>, cycleId: string) {
  const tables = [
    { table: 'survey_invitations', aside: 'closing_invitations', order: sql`id` },
    { table: 'survey_responses', aside: 'closing_responses', order: sql`id` },
    { table: 'survey_answers', aside: 'closing_answers', order: sql`response_id, item_id` },
  ] as const;
  for (const { table, aside } of tables) {
    await sql`create temporary table ${sql.table(aside)} on commit drop as
      select * from ${sql.table(table)} where cycle_id = ${cycleId}`.execute(db);
  }
  await sql`delete from survey_invitations where cycle_id = ${cycleId}`.execute(db);
  await sql`delete from survey_responses where cycle_id = ${cycleId}`.execute(db);
  await sql`delete from survey_answers where cycle_id = ${cycleId}`.execute(db);
  for (const { table, aside, order } of tables) {
    await sql`insert into ${sql.table(table)} select * from ${sql.table(aside)} order by ${order}`.execute(db);
    // Dropped now rather than at commit: the demo closes several cycles in one transaction.
    await sql`drop table ${sql.table(aside)}`.execute(db);
  }
}
