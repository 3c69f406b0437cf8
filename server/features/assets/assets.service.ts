/**
 * The asset library: marketing publishes what it delivered (a link or a file) so that sales and
 * marketing of the organisation find and reuse it instead of asking for it again. Reuse is counted once
 * per person and asset. While a rep types a new request, earlier requests the rep may see and assets
 * that resemble the text are suggested.
 */
import { randomUUID } from 'node:crypto';
import type {
  AssetDetail,
  AssetListQuery,
  AssetPublishBody,
  AssetReuse,
  AssetSummary,
  AssetTagCount,
  Suggestions,
} from '../../../common/api/assets.js';
import type { Page, RequestStatus } from '../../../common/api/contracts.js';
import { nowIso } from '../../db/database.js';
import type { FullTextQuery } from '../../db/full-text.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import * as attachmentsRepo from '../attachments/attachments.repository.js';
import { downloadOf, type StoredFileDownload } from '../attachments/attachments.service.js';
import { scopeOf, type Viewer } from '../requests/requests.service.js';
import * as repo from './assets.repository.js';
import { searchWordsOf } from './search-words.js';

/** Deliverables exist once the request is delivered; publishing earlier would put drafts in the library. */
const PUBLISHABLE: RequestStatus[] = ['delivered', 'closed'];

function presentAsset(row: repo.AssetRow, tags: string[]): AssetSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    tags,
    language: row.language,
    url: row.kind === 'link' ? row.url : null,
    file:
      row.kind === 'file' && row.file_name !== null && row.content_type !== null && row.size_bytes !== null
        ? { fileName: row.file_name, contentType: row.content_type, sizeBytes: Number(row.size_bytes) }
        : null,
    publisher: row.publisher_id && row.publisher_name !== null ? { id: row.publisher_id, name: row.publisher_name } : null,
    reuseCount: Number(row.reuse_count),
    reusedByMe: Boolean(row.reused_by_me),
    createdAt: row.created_at,
  };
}

async function presentAssets(deps: AppDeps, rows: repo.AssetRow[]): Promise<AssetSummary[]> {
  const tags = await repo.listTagsOfAssets(
    deps.database.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    presentAsset(
      row,
      tags.filter((t) => t.asset_id === row.id).map((t) => t.tag),
    ),
  );
}

function searchOf(text: string | undefined, mode: FullTextQuery['mode']): FullTextQuery | undefined {
  if (!text) return undefined;
  const words = searchWordsOf(text, { dropStopWords: mode === 'any' });
  return words.length ? { words, mode } : undefined;
}

async function findAsset(deps: AppDeps, viewer: Viewer, assetId: string) {
  const row = await repo.findAssetById(deps.database.db, viewer.organisationId, viewer.userId, assetId);
  if (!row) throw notFound('Asset');
  return row;
}

const invalidInput = (message: string) => new AppError(400, 'validation_failed', message);

export async function publishAsset(deps: AppDeps, viewer: Viewer, input: AssetPublishBody): Promise<AssetDetail> {
  const { db } = deps.database;
  if (input.requestId) {
    const request = await repo.findVisibleRequestRef(db, viewer.organisationId, scopeOf(viewer), input.requestId);
    if (!request) throw notFound('Request');
    if (!PUBLISHABLE.includes(request.status)) {
      throw new AppError(409, 'conflict', `Only a delivered or closed request can be published; this one is ${request.status}.`, {
        current: request.status,
      });
    }
  }
  if (input.kind === 'file' && input.attachmentId) {
    const file = await attachmentsRepo.findAttachmentById(db, viewer.organisationId, input.attachmentId);
    // A request's own file, or the publisher's own library upload; nothing else can be republished.
    const usable =
      file &&
      (file.request_id === null
        ? file.uploader_id === viewer.userId
        : input.requestId !== undefined && file.request_id === input.requestId);
    if (!usable) throw invalidInput('The file is not an attachment of this request or your own upload.');
  }
  const id = randomUUID();
  const now = nowIso();
  const tags = [...new Set(input.tags)];
  await db.transaction().execute(async (trx) => {
    await repo.insertAsset(
      trx,
      {
        id,
        organisation_id: viewer.organisationId,
        request_id: input.requestId ?? null,
        kind: input.kind,
        url: input.kind === 'link' ? (input.url ?? null) : null,
        attachment_id: input.kind === 'file' ? (input.attachmentId ?? null) : null,
        title: input.title,
        description: input.description,
        tags_text: tags.join(' '),
        language: input.language,
        publisher_id: viewer.userId,
        created_at: now,
        updated_at: now,
      },
      tags,
    );
  });
  return getAsset(deps, viewer, id);
}

export async function listAssets(deps: AppDeps, viewer: Viewer, query: AssetListQuery): Promise<Page<AssetSummary>> {
  const { rows, total } = await repo.listAssets(deps.database.db, viewer.organisationId, viewer.userId, {
    search: searchOf(query.q, 'all'),
    tag: query.tag,
    language: query.language,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: await presentAssets(deps, rows), total, page: query.page, pageSize: query.pageSize };
}

export async function listAssetTags(deps: AppDeps, viewer: Viewer): Promise<AssetTagCount[]> {
  const rows = await repo.countTags(deps.database.db, viewer.organisationId);
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

export async function getAsset(deps: AppDeps, viewer: Viewer, assetId: string): Promise<AssetDetail> {
  const row = await findAsset(deps, viewer, assetId);
  const [summary] = await presentAssets(deps, [row]);
  if (!summary) throw notFound('Asset');
  // The library is shared, the request behind it is not: it is named only to those who may open it.
  const request = row.request_id
    ? await repo.findVisibleRequestRef(deps.database.db, viewer.organisationId, scopeOf(viewer), row.request_id)
    : undefined;
  return {
    ...summary,
    request: request ? { id: request.id, number: Number(request.number), title: request.title } : null,
    version: Number(row.version),
  };
}

/** Idempotent: the first reuse of a person counts, every later one answers the same. */
export async function recordReuse(
  deps: AppDeps,
  viewer: Viewer,
  assetId: string,
  via: 'used' | 'opened' | 'suggestion',
): Promise<AssetReuse> {
  const { db } = deps.database;
  await findAsset(deps, viewer, assetId);
  await repo.insertReuseIfAbsent(db, {
    asset_id: assetId,
    user_id: viewer.userId,
    organisation_id: viewer.organisationId,
    via,
    created_at: nowIso(),
  });
  return repo.findReuse(db, assetId, viewer.userId);
}

export async function downloadAssetFile(deps: AppDeps, viewer: Viewer, assetId: string): Promise<StoredFileDownload> {
  const row = await findAsset(deps, viewer, assetId);
  if (row.kind !== 'file' || !row.attachment_id) throw notFound('File');
  const file = await attachmentsRepo.findAttachmentById(deps.database.db, viewer.organisationId, row.attachment_id);
  if (!file) throw notFound('File');
  return downloadOf(deps, file);
}

/**
 * Earlier requests and assets resembling what the rep typed. Any shared word counts (best matches
 * first), common words do not; requests come only from those the rep may see.
 */
export async function suggestForText(deps: AppDeps, viewer: Viewer, text: string, limit: number): Promise<Suggestions> {
  const search = searchOf(text, 'any');
  if (!search) return { requests: [], assets: [] };
  const { db } = deps.database;
  const [requests, assets] = await Promise.all([
    repo.findSimilarRequests(db, viewer.organisationId, scopeOf(viewer), search, limit),
    repo.listAssets(db, viewer.organisationId, viewer.userId, { search, offset: 0, limit }),
  ]);
  return {
    requests: requests.map((r) => ({
      id: r.id,
      number: Number(r.number),
      title: r.title,
      status: r.status,
      createdAt: r.created_at,
    })),
    assets: await presentAssets(deps, assets.rows),
  };
}
