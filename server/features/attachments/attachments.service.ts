/**
 * Files on requests: whoever may see a request sees and downloads its files; whoever may comment on it
 * uploads; the uploader or marketing deletes. A file uploaded straight to the library belongs to its
 * uploader until it is published, and is then served through the asset.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ATTACHMENT_MAX_BYTES, type Attachment } from '../../../common/api/assets.js';
import { nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { can } from '../../policies/access.js';
import * as requestsRepo from '../requests/requests.repository.js';
import { scopeOf, type Viewer } from '../requests/requests.service.js';
import { listStoredFiles, openStoredFile, removeStoredFile, storeFile } from './attachment-storage.js';
import * as repo from './attachments.repository.js';
import { checkFileType, isControl } from './file-types.js';

/** A file as it arrived, already read in full (the route stops reading beyond the size limit). */
export interface Upload {
  fileName: string;
  content: Buffer;
}

export interface StoredFileDownload {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  open(): NodeJS.ReadableStream;
}

export const fileTooLarge = () =>
  new AppError(413, 'payload_too_large', `A file may be at most ${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MB.`, {
    maxBytes: ATTACHMENT_MAX_BYTES,
  });

const ALLOWED_LIST = 'PDF, PNG, JPEG, DOCX, XLSX, PPTX, TXT or CSV';

function presentAttachment(viewer: Viewer, row: repo.AttachmentRow): Attachment {
  return {
    id: row.id,
    requestId: row.request_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    uploader: row.uploader_id && row.uploader_name !== null ? { id: row.uploader_id, name: row.uploader_name } : null,
    createdAt: row.created_at,
    deletable: mayDelete(viewer, row),
  };
}

function mayDelete(viewer: Viewer, row: repo.AttachmentRow) {
  return row.uploader_id === viewer.userId || can(viewer.role, 'requests.work');
}

/** The display name kept for Content-Disposition: no path, no control characters, bounded. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((c) => c !== '"' && !isControl(c.charCodeAt(0)))
    .join('')
    .trim();
  return (cleaned || 'file').slice(-200);
}

async function findVisibleRequest(db: Kysely<Tables>, viewer: Viewer, requestId: string) {
  const row = await requestsRepo.findRequestById(db, viewer.organisationId, scopeOf(viewer), requestId);
  if (!row) throw notFound('Request');
  return row;
}

/** Checks the type by content, stores the file, then records it; a failed insert removes the file again. */
export async function saveUpload(
  deps: AppDeps,
  viewer: Viewer,
  requestId: string | null,
  upload: Upload,
): Promise<repo.AttachmentRow> {
  if (upload.content.length > ATTACHMENT_MAX_BYTES) throw fileTooLarge();
  const fileName = cleanFileName(upload.fileName);
  const check = checkFileType(fileName, upload.content);
  if (!check.ok) {
    const message =
      check.reason === 'extension_not_allowed'
        ? `Files of type "${check.extension || 'none'}" cannot be uploaded; allowed are ${ALLOWED_LIST}.`
        : `The file's content is not a ${check.extension.toUpperCase()} file.`;
    throw new AppError(415, 'unsupported_media_type', message, { reason: check.reason });
  }
  const { db } = deps.database;
  const storedName = await storeFile(deps.config.dataDir, upload.content);
  const id = randomUUID();
  try {
    await repo.insertAttachment(db, {
      id,
      organisation_id: viewer.organisationId,
      request_id: requestId,
      uploader_id: viewer.userId,
      file_name: fileName,
      stored_name: storedName,
      content_type: check.contentType,
      size_bytes: upload.content.length,
      created_at: nowIso(),
    });
  } catch (error) {
    await removeStoredFile(deps.config.dataDir, storedName);
    throw error;
  }
  const row = await repo.findAttachmentById(db, viewer.organisationId, id);
  if (!row) throw notFound('Attachment');
  return row;
}

export async function attachToRequest(deps: AppDeps, viewer: Viewer, requestId: string, upload: Upload): Promise<Attachment> {
  await findVisibleRequest(deps.database.db, viewer, requestId);
  return presentAttachment(viewer, await saveUpload(deps, viewer, requestId, upload));
}

/** A file for the library that is not attached to a request; it is published by POST /api/assets. */
export async function uploadLibraryFile(deps: AppDeps, viewer: Viewer, upload: Upload): Promise<Attachment> {
  return presentAttachment(viewer, await saveUpload(deps, viewer, null, upload));
}

export async function listRequestAttachments(deps: AppDeps, viewer: Viewer, requestId: string): Promise<Attachment[]> {
  const { db } = deps.database;
  await findVisibleRequest(db, viewer, requestId);
  const rows = await repo.listAttachmentsOfRequest(db, viewer.organisationId, requestId);
  return rows.map((row) => presentAttachment(viewer, row));
}

/**
 * The attachment if the viewer may see it: through its request, or, for a library upload, as its
 * uploader (everyone else reaches a published file through the asset). Anything else is "not found".
 */
async function findVisibleAttachment(db: Kysely<Tables>, viewer: Viewer, attachmentId: string) {
  const row = await repo.findAttachmentById(db, viewer.organisationId, attachmentId);
  if (!row) throw notFound('Attachment');
  if (row.request_id === null) {
    if (row.uploader_id !== viewer.userId) throw notFound('Attachment');
  } else {
    const request = await requestsRepo.findRequestById(db, viewer.organisationId, scopeOf(viewer), row.request_id);
    if (!request) throw notFound('Attachment');
  }
  return row;
}

export function downloadOf(
  deps: AppDeps,
  row: Pick<repo.AttachmentRow, 'file_name' | 'content_type' | 'size_bytes' | 'stored_name'>,
): StoredFileDownload {
  return {
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    open: () => openStoredFile(deps.config.dataDir, row.stored_name),
  };
}

export async function downloadAttachment(deps: AppDeps, viewer: Viewer, attachmentId: string): Promise<StoredFileDownload> {
  return downloadOf(deps, await findVisibleAttachment(deps.database.db, viewer, attachmentId));
}

export async function deleteAttachment(deps: AppDeps, viewer: Viewer, attachmentId: string): Promise<void> {
  const { db } = deps.database;
  const row = await findVisibleAttachment(db, viewer, attachmentId);
  if (!mayDelete(viewer, row)) throw forbidden();
  if (await repo.isAttachmentPublished(db, viewer.organisationId, attachmentId)) {
    throw new AppError(409, 'conflict', 'This file is published in the asset library and cannot be deleted here.');
  }
  // The row goes first and is committed on its own; only then the file. The other order could lose a
  // file whose row stays (a failed delete); this one can at worst leave a file without a row, which the
  // orphan sweep removes, so a file system error does not turn a done delete into an error answer.
  if (await repo.deleteAttachment(db, viewer.organisationId, attachmentId)) {
    await removeStoredFile(deps.config.dataDir, row.stored_name).catch(() => undefined);
  }
}

/** How old a file without a row must be before it is swept: far longer than any upload takes. */
export const ORPHAN_GRACE_MS = 6 * 60 * 60_000;
const SWEEP_BATCH = 500;

/**
 * Removes stored files that no attachment row points to: rows removed by a cascade (a request or an
 * organisation deleted), or a process that stopped between writing a file and recording it. A file
 * younger than the grace period may belong to an upload still in flight, whose row is not written yet,
 * and is left alone. Returns the number of files removed.
 */
export async function sweepOrphanedFiles(deps: AppDeps, now: Date, graceMs = ORPHAN_GRACE_MS): Promise<number> {
  const cutoff = now.getTime() - graceMs;
  let removed = 0;
  for await (const batch of listStoredFiles(deps.config.dataDir, SWEEP_BATCH)) {
    const old = batch.filter((file) => file.modifiedAt.getTime() < cutoff).map((file) => file.storedName);
    const referenced = await repo.findReferencedStoredNames(deps.database.db, old);
    for (const storedName of old) {
      if (referenced.has(storedName)) continue;
      await removeStoredFile(deps.config.dataDir, storedName);
      removed++;
    }
  }
  return removed;
}
