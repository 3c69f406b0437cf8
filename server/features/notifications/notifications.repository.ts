import type { Insertable, Kysely } from 'kysely';
import type { NotificationsTable, Tables } from '../../db/tables.js';

type Db = Kysely<Tables>;

/** Active people of the organisation among `userIds`, with what mail and role decisions need. */
export function listRecipients(db: Db, organisationId: string, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .where('id', 'in', userIds)
    .execute();
}

export function listPreferencesOf(db: Db, userIds: string[], kind?: string) {
  if (userIds.length === 0) return Promise.resolve([]);
  let query = db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds);
  if (kind) query = query.where('kind', '=', kind);
  return query.execute();
}

export async function upsertPreference(db: Db, row: { user_id: string; kind: string; in_app: number; email: number }) {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ in_app: row.in_app, email: row.email }))
    .execute();
}

export async function insertNotifications(db: Db, rows: Insertable<NotificationsTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

export async function listNotifications(
  db: Db,
  organisationId: string,
  userId: string,
  options: { unreadOnly: boolean; offset: number; limit: number },
) {
  let base = db.selectFrom('notifications').where('organisation_id', '=', organisationId).where('user_id', '=', userId);
  if (options.unreadOnly) base = base.where('read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(options.offset).limit(options.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    countUnread(db, organisationId, userId),
  ]);
  return { rows, total: Number(total.n), unread };
}

export async function countUnread(db: Db, organisationId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findNotification(db: Db, organisationId: string, userId: string, id: string) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markRead(db: Db, organisationId: string, userId: string, ids: string[] | 'all', at: string) {
  let query = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---------- request facts for recipients ----------

export function findRequestFacts(db: Db, organisationId: string, requestId: string) {
  return db
    .selectFrom('requests')
    .select(['id', 'organisation_id', 'number', 'title', 'requester_id', 'assignee_id', 'resolution_due_at'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', requestId)
    .executeTakeFirst();
}

export async function listWatcherIds(db: Db, requestId: string): Promise<string[]> {
  const rows = await db.selectFrom('request_watchers').select('user_id').where('request_id', '=', requestId).execute();
  return rows.map((r) => r.user_id);
}

export async function listMarketingIds(db: Db, organisationId: string, roles: ('marketing_lead' | 'marketer')[]) {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .where('role', 'in', roles)
    .execute();
  return rows.map((r) => r.id);
}

export function findUserName(db: Db, userId: string) {
  return db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
}
