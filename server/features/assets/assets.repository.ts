import { type Expression, expressionBuilder, type Insertable, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { assetsMatch, assetsRank, assetWordRarity, type FullTextQuery, requestsMatch, requestsRank } from '../../db/full-text.js';
import type { AssetReusesTable, AssetsTable, AssetTagsTable, Tables } from '../../db/tables.js';
import { type RequestScope, scopeConditions } from '../requests/requests.repository.js';

type Db = Kysely<Tables> | Transaction<Tables>;

export async function insertAsset(db: Db, row: Insertable<AssetsTable>, tags: string[]) {
  await db.insertInto('assets').values(row).execute();
  if (tags.length) {
    const rows: AssetTagsTable[] = tags.map((tag) => ({ asset_id: row.id, organisation_id: row.organisation_id, tag }));
    await db.insertInto('asset_tags').values(rows).execute();
  }
}

/** The columns every asset read returns, with the viewer's own reuse and everyone's count. */
function assetsWithDetails(db: Db, organisationId: string, viewerId: string) {
  return db
    .selectFrom('assets')
    .leftJoin('users as publisher', 'publisher.id', 'assets.publisher_id')
    .leftJoin('attachments', 'attachments.id', 'assets.attachment_id')
    .where('assets.organisation_id', '=', organisationId)
    .select((eb) => [
      'assets.id',
      'assets.organisation_id',
      'assets.request_id',
      'assets.kind',
      'assets.url',
      'assets.attachment_id',
      'assets.title',
      'assets.description',
      'assets.language',
      'assets.publisher_id',
      'assets.created_at',
      'assets.version',
      'publisher.name as publisher_name',
      'attachments.file_name',
      'attachments.content_type',
      'attachments.size_bytes',
      eb
        .selectFrom('asset_reuses')
        .whereRef('asset_reuses.asset_id', '=', 'assets.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('reuse_count'),
      eb
        .exists(
          eb
            .selectFrom('asset_reuses')
            .whereRef('asset_reuses.asset_id', '=', 'assets.id')
            .where('asset_reuses.user_id', '=', viewerId)
            .select(sql<number>`1`.as('one')),
        )
        .as('reused_by_me'),
    ]);
}

export type AssetRow = Awaited<ReturnType<ReturnType<typeof assetsWithDetails>['execute']>>[number];

export function findAssetById(db: Db, organisationId: string, viewerId: string, assetId: string) {
  return assetsWithDetails(db, organisationId, viewerId).where('assets.id', '=', assetId).executeTakeFirst();
}

export interface AssetFilter {
  search?: FullTextQuery | undefined;
  tag?: string | undefined;
  language?: 'de' | 'en' | undefined;
}

function assetConditions(db: Db, filter: AssetFilter): Expression<SqlBool>[] {
  const eb = expressionBuilder<Tables, 'assets'>();
  const conditions: Expression<SqlBool>[] = [];
  if (filter.search) conditions.push(assetsMatch(db, filter.search));
  if (filter.language) conditions.push(eb('assets.language', '=', filter.language));
  if (filter.tag) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('asset_tags')
          .whereRef('asset_tags.asset_id', '=', 'assets.id')
          .where('asset_tags.tag', '=', filter.tag)
          .select(sql<number>`1`.as('one')),
      ),
    );
  }
  return conditions;
}

/** A page of assets: best matches first when searching, else newest first. */
export async function listAssets(
  db: Db,
  organisationId: string,
  viewerId: string,
  filter: AssetFilter & { offset: number; limit: number },
) {
  const conditions = assetConditions(db, filter);
  let pageQuery = assetsWithDetails(db, organisationId, viewerId);
  let countQuery = db.selectFrom('assets').where('assets.organisation_id', '=', organisationId);
  for (const condition of conditions) {
    pageQuery = pageQuery.where(condition);
    countQuery = countQuery.where(condition);
  }
  if (filter.search) {
    const rarity = await assetWordRarity(db, organisationId, filter.search);
    pageQuery = pageQuery.orderBy(assetsRank(db, filter.search, rarity), 'desc');
  }
  pageQuery = pageQuery.orderBy('assets.created_at', 'desc').orderBy('assets.id').offset(filter.offset).limit(filter.limit);
  const [rows, count] = await Promise.all([
    pageQuery.execute(),
    countQuery.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function listTagsOfAssets(db: Db, assetIds: string[]) {
  if (!assetIds.length) return [];
  return db.selectFrom('asset_tags').where('asset_id', 'in', assetIds).select(['asset_id', 'tag']).orderBy('tag').execute();
}

export function countTags(db: Db, organisationId: string) {
  return db
    .selectFrom('asset_tags')
    .where('organisation_id', '=', organisationId)
    .groupBy('tag')
    .select((eb) => ['tag', eb.fn.countAll<number>().as('n')])
    .orderBy('n', 'desc')
    .orderBy('tag')
    .limit(100)
    .execute();
}

/** True when this person's reuse was new; a second one changes nothing. */
export async function insertReuseIfAbsent(db: Db, row: AssetReusesTable): Promise<boolean> {
  const result = await db
    .insertInto('asset_reuses')
    .values(row)
    .onConflict((oc) => oc.columns(['asset_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findReuse(db: Db, assetId: string, userId: string) {
  const row = await db
    .selectFrom('assets')
    .where('assets.id', '=', assetId)
    .select((eb) => [
      eb
        .selectFrom('asset_reuses')
        .whereRef('asset_reuses.asset_id', '=', 'assets.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('reuse_count'),
      eb
        .exists(
          eb
            .selectFrom('asset_reuses')
            .whereRef('asset_reuses.asset_id', '=', 'assets.id')
            .where('asset_reuses.user_id', '=', userId)
            .select(sql<number>`1`.as('one')),
        )
        .as('reused_by_me'),
    ])
    .executeTakeFirstOrThrow();
  return { reuseCount: Number(row.reuse_count), reusedByMe: Boolean(row.reused_by_me) };
}

/** Earlier requests resembling the text, among those the scope lets the viewer see. */
export async function findSimilarRequests(
  db: Db,
  organisationId: string,
  scope: RequestScope,
  search: FullTextQuery,
  limit: number,
) {
  let query = db
    .selectFrom('requests')
    .where('requests.organisation_id', '=', organisationId)
    .where(requestsMatch(db, search))
    .select(['requests.id', 'requests.number', 'requests.title', 'requests.status', 'requests.created_at']);
  for (const condition of scopeConditions(scope)) query = query.where(condition);
  return query.orderBy(requestsRank(db, search), 'desc').orderBy('requests.created_at', 'desc').limit(limit).execute();
}

/** The request an asset is published from, as far as the viewer may see it. */
export function findVisibleRequestRef(db: Db, organisationId: string, scope: RequestScope, requestId: string) {
  let query = db
    .selectFrom('requests')
    .where('requests.organisation_id', '=', organisationId)
    .where('requests.id', '=', requestId)
    .select(['requests.id', 'requests.number', 'requests.title', 'requests.status']);
  for (const condition of scopeConditions(scope)) query = query.where(condition);
  return query.executeTakeFirst();
}
