/**
 * One error type and one handler: every failure answers `{ error: { code, message } }`.
 * 5xx messages are logged and replaced, so internals never reach a client.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../../common/api/errors.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const forbidden = () => new AppError(403, 'forbidden', 'You do not have permission to do this.');

interface ValidationIssue {
  path: string;
  message: string;
}

function describeValidation(error: FastifyError): { message: string; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = (error.validation ?? []).map((v) => {
    const where = (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
    return { path: where, message: v.message ?? 'invalid' };
  });
  const context = error.validationContext ?? 'request';
  const first = issues[0];
  const message = first
    ? `Invalid ${context}${first.path ? ` field "${first.path}"` : ''}: ${first.message}`
    : `Invalid ${context}.`;
  return { message, issues };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      const { message, issues } = describeValidation(error);
      return reply.status(400).send({ error: { code: 'validation_failed', message, details: issues } });
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return reply.status(400).send({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'Send the body as application/json.' } });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      return reply.status(status).send({ error: { code: 'bad_request', message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });
}
