/**
 * Optimistic concurrency: every updatable row has a version; responses carry it as an ETag and
 * updates must send it back in If-Match, so that two editors never overwrite each other unseen.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number) {
  reply.header('etag', etagOf(version));
}

/** The version the client last saw; 428 when it sent none. */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) {
    throw new AppError(428, 'precondition_required', 'Send the If-Match header with the ETag you last read.');
  }
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new AppError(412, 'precondition_failed', 'The If-Match header is not an ETag of this resource.');
  return Number(match[1]);
}

export const staleVersion = () =>
  new AppError(412, 'precondition_failed', 'Someone else changed this in the meantime. Reload and apply your change again.');
