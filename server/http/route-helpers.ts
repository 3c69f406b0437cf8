import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../deps.js';
import { requireAuth } from './auth.js';

/** Where links in e-mails point when PUBLIC_URL is not set: the address the user is using. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function pageWindow(query: { page: number; pageSize: number }) {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}

export function actorOf(request: FastifyRequest): Actor {
  const session = requireAuth(request);
  return {
    userId: session.user_id,
    organisationId: session.organisation_id,
    organisationName: session.organisation_name,
    ip: request.ip,
  };
}

/** Sends a CSV file as a download named `<name>-<date>.csv`. */
export function sendCsvFile(reply: FastifyReply, name: string, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`)
    .header('cache-control', 'no-store')
    .send(csv);
}

export const separatorOf = (query: { separator: 'comma' | 'semicolon' }) => (query.separator === 'semicolon' ? ';' : ',');
