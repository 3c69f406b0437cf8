import type { Kysely, Transaction } from 'kysely';
import type { AttachmentsTable, Tables } from '../../db/tables.js';

type Db = Kysely<Tables> | Transaction<Tables>;

export async function insertAttachment(db: Db, row: AttachmentsTable) {
  await db.insertInto('attachments').values(row).execute();
}

function attachmentsWithUploader(db: Db, organisationId: string) {
  return db
    .selectFrom('attachments')
    .leftJoin('users as uploader', 'uploader.id', 'attachments.uploader_id')
    .where('attachments.organisation_id', '=', organisationId)
    .select([
      'attachments.id',
      'attachments.organisation_id',
      'attachments.request_id',
      'attachments.uploader_id',
      'attachments.file_name',
      'attachments.stored_name',
      'attachments.content_type',
      'attachments.size_bytes',
      'attachments.created_at',
      'uploader.name as uploader_name',
    ]);
}

export type AttachmentRow = NonNullable<Awaited<ReturnType<typeof findAttachmentById>>>;

export function findAttachmentById(db: Db, organisationId: string, attachmentId: string) {
  return attachmentsWithUploader(db, organisationId).where('attachments.id', '=', attachmentId).executeTakeFirst();
}

export function listAttachmentsOfRequest(db: Db, organisationId: string, requestId: string) {
  return attachmentsWithUploader(db, organisationId)
    .where('attachments.request_id', '=', requestId)
    .orderBy('attachments.created_at')
    .orderBy('attachments.id')
    .execute();
}

export async function isAttachmentPublished(db: Db, organisationId: string, attachmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assets')
    .where('organisation_id', '=', organisationId)
    .where('attachment_id', '=', attachmentId)
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteAttachment(db: Db, organisationId: string, attachmentId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('attachments')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Which of these stored names a row of any organisation still points to. */
export async function findReferencedStoredNames(db: Db, storedNames: string[]): Promise<Set<string>> {
  if (!storedNames.length) return new Set();
  const rows = await db.selectFrom('attachments').where('stored_name', 'in', storedNames).select('stored_name').execute();
  return new Set(rows.map((row) => row.stored_name));
}
