/**
 * Idempotent creates: a client that retries a create (after a timeout, a dropped connection, a double
 * click) sends the same `Idempotency-Key` and gets the first answer again instead of a duplicate.
 * Keys are per person and organisation; the same key with a different request is refused.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { nowIso } from '../db/database.js';
import type { AppDeps } from '../deps.js';
import * as repo from '../features/idempotency/idempotency.repository.js';
import { requireAuth } from './auth.js';
import { AppError } from './errors.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;

export interface CreateResult<T> {
  statusCode: number;
  body: T;
  etag?: string;
}

/**
 * The request as the key binds it: method, URL and body. A body that is not JSON (a multipart upload)
 * is described by the route instead, as `content`.
 */
function hashRequest(request: FastifyRequest, content?: string): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${content ?? JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

export async function sendIdempotent<T>(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  create: () => Promise<CreateResult<T>>,
  options: { content?: string } = {},
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const send = (result: { statusCode: number; body: unknown; etag?: string | null }) => {
    if (result.etag) reply.header('etag', result.etag);
    return reply.status(result.statusCode).send(result.body);
  };
  if (header === undefined) return send(await create());
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new AppError(400, 'validation_failed', 'Idempotency-Key must be 8–200 letters, digits or - _ . :');
  }
  const session = requireAuth(request);
  const { db } = deps.database;
  const scope = { organisationId: session.organisation_id, userId: session.user_id, key: header };
  const requestHash = hashRequest(request, options.content);

  if (!(await repo.claimIdempotencyKey(db, scope, requestHash, nowIso()))) {
    const record = await repo.findIdempotencyRecord(db, scope);
    if (record && record.request_hash !== requestHash) {
      throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request. Use a new key.');
    }
    if (!record || record.status_code === null || record.response_body === null) {
      throw new AppError(
        409,
        'request_in_progress',
        'The first request with this Idempotency-Key is still running. Retry shortly.',
      );
    }
    reply.header('idempotent-replayed', 'true');
    return send({ statusCode: record.status_code, body: JSON.parse(record.response_body), etag: record.etag });
  }

  let result: CreateResult<T>;
  try {
    result = await create();
  } catch (error) {
    // A failed create leaves nothing to replay: the key becomes free for a corrected retry.
    await repo.releaseIdempotencyKey(db, scope);
    throw error;
  }
  await repo.completeIdempotencyKey(db, scope, {
    statusCode: result.statusCode,
    body: JSON.stringify(result.body),
    etag: result.etag ?? null,
  });
  return send(result);
}
