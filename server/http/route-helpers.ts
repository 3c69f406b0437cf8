import type { FastifyRequest } from 'fastify';

/** Where links in e-mails point when PUBLIC_URL is not set: the address the user is using. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function pageWindow(query: { page: number; pageSize: number }) {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}
