import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.js';

export interface IdempotencyScope {
  organisationId: string;
  userId: string;
  key: string;
}

export function findIdempotencyRecord(db: Kysely<Tables>, scope: IdempotencyScope) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('user_id', '=', scope.userId)
    .where('key', '=', scope.key)
    .executeTakeFirst();
}

/** Claims the key; answers false when another request holds it already. */
export async function claimIdempotencyKey(db: Kysely<Tables>, scope: IdempotencyScope, requestHash: string, now: string) {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      organisation_id: scope.organisationId,
      user_id: scope.userId,
      key: scope.key,
      request_hash: requestHash,
      status_code: null,
      response_body: null,
      etag: null,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function completeIdempotencyKey(
  db: Kysely<Tables>,
  scope: IdempotencyScope,
  response: { statusCode: number; body: string; etag: string | null },
) {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: response.statusCode, response_body: response.body, etag: response.etag })
    .where('organisation_id', '=', scope.organisationId)
    .where('user_id', '=', scope.userId)
    .where('key', '=', scope.key)
    .execute();
}

export async function releaseIdempotencyKey(db: Kysely<Tables>, scope: IdempotencyScope) {
  await db
    .deleteFrom('idempotency_keys')
    .where('organisation_id', '=', scope.organisationId)
    .where('user_id', '=', scope.userId)
    .where('key', '=', scope.key)
    .where('status_code', 'is', null)
    .execute();
}

/** Forgets the keys written before `before`; answers how many went. */
export async function deleteIdempotencyKeysBefore(db: Kysely<Tables>, before: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
