import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES, attachment } from '../../../common/api/assets.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { sendIdempotent } from '../../http/idempotency.js';
import type { Viewer } from '../requests/requests.service.js';
import {
  attachToRequest,
  deleteAttachment,
  downloadAttachment,
  fileTooLarge,
  listRequestAttachments,
  type StoredFileDownload,
  type Upload,
  uploadLibraryFile,
} from './attachments.service.js';

const idParams = z.object({ id: z.uuid() });

export function viewerOf(request: FastifyRequest): Viewer {
  const session = requireAuth(request);
  return { userId: session.user_id, organisationId: session.organisation_id, role: session.role, teamId: session.team_id };
}

/** Reads the single file of a multipart upload, stopping as soon as it passes the size limit. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".');
  }
  const part = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0 } });
  if (!part) throw new AppError(400, 'validation_failed', 'No file was sent.');
  try {
    return { fileName: part.filename, content: await part.toBuffer() };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
    throw error;
  }
}

/**
 * What an Idempotency-Key binds for an upload: the file's name and content. A retry of the same file
 * replays the first answer; another file under the same key is refused like any other changed body.
 */
export function uploadContentOf(upload: Upload): string {
  const content = createHash('sha256').update(upload.content).digest('hex');
  return `${JSON.stringify(upload.fileName)} ${upload.content.length} ${content}`;
}

/** Always a download, never rendered by the browser: uploaded content is not trusted. */
export function sendDownload(reply: FastifyReply, file: StoredFileDownload) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(file.contentType)
    .header('content-length', String(file.sizeBytes))
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.open());
}

/** Multipart parsing is registered for these routes only; every other route keeps taking JSON. */
export function registerAttachmentRoutes(app: FastifyInstance, deps: AppDeps) {
  app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/requests/:id/attachments',
      {
        config: { access: 'requests.read' },
        schema: { tags: ['attachments'], params: idParams, response: { 200: z.array(attachment) } },
      },
      async (request) => listRequestAttachments(deps, viewerOf(request), request.params.id),
    );

    r.post(
      '/api/requests/:id/attachments',
      {
        config: { access: 'requests.comment' },
        schema: {
          tags: ['attachments'],
          description:
            'Uploads one file (multipart/form-data, field "file") to a request the caller may see. At most 10 MB ' +
            '(413 payload_too_large); PDF, PNG, JPEG, DOCX, XLSX, PPTX, TXT or CSV, checked by content ' +
            '(415 unsupported_media_type). Accepts an Idempotency-Key: a retry of the same file answers the first ' +
            'result and stores nothing again; another file under the same key answers 422 idempotency_key_reused.',
          params: idParams,
          response: { 201: attachment },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request);
        return sendIdempotent(
          deps,
          request,
          reply,
          async () => ({ statusCode: 201, body: await attachToRequest(deps, viewerOf(request), request.params.id, upload) }),
          { content: uploadContentOf(upload) },
        );
      },
    );

    r.post(
      '/api/asset-files',
      {
        config: { access: 'assets.publish' },
        schema: {
          tags: ['attachments'],
          description:
            'Uploads a file for the asset library (same limits and Idempotency-Key as request attachments); publish it ' +
            'with POST /api/assets.',
          response: { 201: attachment },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request);
        return sendIdempotent(
          deps,
          request,
          reply,
          async () => ({ statusCode: 201, body: await uploadLibraryFile(deps, viewerOf(request), upload) }),
          { content: uploadContentOf(upload) },
        );
      },
    );

    r.get(
      '/api/attachments/:id',
      {
        config: { access: 'requests.read' },
        schema: {
          tags: ['attachments'],
          description: 'The file, as a download, for people who may see its request.',
          params: idParams,
        },
      },
      async (request, reply) => sendDownload(reply, await downloadAttachment(deps, viewerOf(request), request.params.id)),
    );

    r.delete(
      '/api/attachments/:id',
      {
        config: { access: 'requests.read' },
        schema: {
          tags: ['attachments'],
          description: 'The uploader or marketing deletes a file; a file published in the library answers 409 conflict.',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await deleteAttachment(deps, viewerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  });
}
