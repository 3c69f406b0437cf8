import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.js';

export function findUserByEmail(db: Kysely<Tables>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findSessionWithUser(db: Kysely<Tables>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organisations', 'organisations.id', 'sessions.organisation_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.organisation_id',
      'users.email',
      'users.name',
      'users.role',
      'users.locale',
      'users.team_id',
      'users.status',
      'organisations.name as organisation_name',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
}
export type SessionWithUser = NonNullable<Awaited<ReturnType<typeof findSessionWithUser>>>;

export async function insertSession(
  db: Kysely<Tables>,
  row: { id: string; userId: string; organisationId: string; csrfToken: string; now: string; expiresAt: string },
) {
  await db
    .insertInto('sessions')
    .values({
      id: row.id,
      user_id: row.userId,
      organisation_id: row.organisationId,
      csrf_token: row.csrfToken,
      created_at: row.now,
      last_seen_at: row.now,
      expires_at: row.expiresAt,
    })
    .execute();
}

export async function touchSession(db: Kysely<Tables>, sessionId: string, now: string) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Kysely<Tables>, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Tables>, userId: string, exceptSessionId?: string) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export function findThrottle(db: Kysely<Tables>, key: string) {
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function saveThrottle(
  db: Kysely<Tables>,
  row: { key: string; failures: number; window_started_at: string; locked_until: string | null },
) {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        window_started_at: row.window_started_at,
        locked_until: row.locked_until,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Kysely<Tables>, key: string) {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

export async function insertAuthToken(db: Kysely<Tables>, row: Tables['auth_tokens']) {
  await db.insertInto('auth_tokens').values(row).execute();
}

/** Many tokens at once (invitations of an import), in multi-row statements of 500. */
export async function insertAuthTokens(db: Kysely<Tables>, rows: Tables['auth_tokens'][]) {
  for (let start = 0; start < rows.length; start += 500) {
    await db
      .insertInto('auth_tokens')
      .values(rows.slice(start, start + 500))
      .execute();
  }
}

export function findAuthToken(db: Kysely<Tables>, tokenHash: string, purpose: 'invitation' | 'password_reset') {
  return db
    .selectFrom('auth_tokens')
    .innerJoin('users', 'users.id', 'auth_tokens.user_id')
    .innerJoin('organisations', 'organisations.id', 'auth_tokens.organisation_id')
    .select([
      'auth_tokens.id',
      'auth_tokens.expires_at',
      'auth_tokens.used_at',
      'users.id as user_id',
      'users.organisation_id',
      'users.email',
      'users.name',
      'users.locale',
      'users.status',
      'organisations.name as organisation_name',
    ])
    .where('auth_tokens.id', '=', tokenHash)
    .where('auth_tokens.purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks a token used; answers false when another request used it first. */
export async function markAuthTokenUsed(db: Kysely<Tables>, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('id', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function invalidateOpenTokens(
  db: Kysely<Tables>,
  userId: string,
  purpose: 'invitation' | 'password_reset',
  now: string,
) {
  await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

export async function setPassword(db: Kysely<Tables>, userId: string, passwordHash: string, now: string, activate: boolean) {
  await db
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      updated_at: now,
      version: eb('version', '+', 1),
      ...(activate ? { status: 'active' as const } : {}),
    }))
    .where('id', '=', userId)
    .execute();
}

export function findUserWithOrganisation(db: Kysely<Tables>, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.organisation_id',
      'organisations.name as organisation_name',
      'users.email',
      'users.name',
      'users.role',
      'users.locale',
      'users.team_id',
      'users.password_hash',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
}
