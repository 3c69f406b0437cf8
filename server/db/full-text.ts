/**
 * Full-text matching over assets and requests: SQLite's FTS5 tables or PostgreSQL's `simple` tsvector
 * (docs/decisions/0008-full-text-search.md). Callers pass words already split and lowered; every word
 * matches as a prefix, so results follow the user while typing and a German compound ("Preisliste") is
 * found by its first part ("preis").
 */
import { type Expression, type Kysely, type SqlBool, SqliteAdapter, sql, type Transaction } from 'kysely';
import type { Tables } from './tables.js';

type Db = Kysely<Tables> | Transaction<Tables>;

/** `all`: every word must occur (a search box); `any`: one is enough, best matches first (suggestions). */
export interface FullTextQuery {
  words: string[];
  mode: 'all' | 'any';
}

const isSqlite = (db: Db) => db.getExecutor().adapter instanceof SqliteAdapter;

/** Words are letters and digits only (see search-words.ts), so neither syntax needs escaping. */
function sqliteMatch(query: FullTextQuery): string {
  return query.words.map((w) => `"${w}"*`).join(query.mode === 'all' ? ' AND ' : ' OR ');
}

function postgresTsQuery(query: FullTextQuery) {
  const text = query.words.map((w) => `${w}:*`).join(query.mode === 'all' ? ' & ' : ' | ');
  return sql`to_tsquery('simple', ${text})`;
}

const requestVector = sql`to_tsvector('simple', requests.title || ' ' || requests.description)`;

export function assetsMatch(db: Db, query: FullTextQuery): Expression<SqlBool> {
  if (isSqlite(db)) {
    return sql<SqlBool>`assets.rowid in (select rowid from assets_fts where assets_fts match ${sqliteMatch(query)})`;
  }
  return sql<SqlBool>`assets.search_vector @@ ${postgresTsQuery(query)}`;
}

/**
 * How rare each word of a several-word query is among the organisation's assets, as bm25 weighs it:
 * `ln(1 + (N - n + 0.5) / (n + 0.5))`. SQLite's bm25 does this itself, so only PostgreSQL asks; one
 * query counts every word over the rows that match any of them (through the GIN index).
 */
export async function assetWordRarity(db: Db, organisationId: string, query: FullTextQuery): Promise<number[] | undefined> {
  if (isSqlite(db) || query.words.length < 2) return undefined;
  const any = postgresTsQuery({ words: query.words, mode: 'any' });
  const counts = query.words.map((word, i) =>
    sql<number>`count(*) filter (where assets.search_vector @@ ${postgresTsQuery({ words: [word], mode: 'all' })})`.as(`n${i}`),
  );
  const row = (await db
    .selectFrom('assets')
    .where('assets.organisation_id', '=', organisationId)
    .where(sql<SqlBool>`assets.search_vector @@ ${any}`)
    .select((eb) => [
      eb
        .selectFrom('assets as counted')
        .where('counted.organisation_id', '=', organisationId)
        .select(eb.fn.countAll<number>().as('n'))
        .as('total'),
      ...counts,
    ])
    .executeTakeFirstOrThrow()) as Record<string, unknown>;
  const total = Number(row.total);
  return query.words.map((_, i) => {
    const containing = Number(row[`n${i}`]);
    return Math.log(1 + (total - containing + 0.5) / (containing + 0.5));
  });
}

/**
 * Higher is better. Title weighs most, then tags, then the description, in both dialects, and a rare
 * word counts more than a common one: bm25 does that on SQLite; `ts_rank` only counts matches, so on
 * PostgreSQL, given the words' rarity (assetWordRarity), each word's rank is weighted by it. Otherwise a
 * word that many assets share ("Referenz" in every reference story) would push the one asset with the
 * distinctive word off the suggestions.
 */
export function assetsRank(db: Db, query: FullTextQuery, rarity?: readonly number[]): Expression<number> {
  if (isSqlite(db)) {
    // bm25 is smaller for better matches, and only defined inside a full-text query.
    return sql<number>`(select -bm25(assets_fts, 10.0, 2.0, 5.0) from assets_fts where assets_fts match ${sqliteMatch(query)} and assets_fts.rowid = assets.rowid)`;
  }
  if (!rarity || rarity.length !== query.words.length) {
    return sql<number>`ts_rank(assets.search_vector, ${postgresTsQuery(query)})`;
  }
  const terms = query.words.map(
    (word, i) =>
      sql`ts_rank(assets.search_vector, ${postgresTsQuery({ words: [word], mode: 'all' })}) * ${rarity[i] ?? 1}::float8`,
  );
  return sql<number>`(${sql.join(terms, sql` + `)})`;
}

export function requestsMatch(db: Db, query: FullTextQuery): Expression<SqlBool> {
  if (isSqlite(db)) {
    return sql<SqlBool>`requests.rowid in (select rowid from requests_fts where requests_fts match ${sqliteMatch(query)})`;
  }
  return sql<SqlBool>`${requestVector} @@ ${postgresTsQuery(query)}`;
}

export function requestsRank(db: Db, query: FullTextQuery): Expression<number> {
  if (isSqlite(db)) {
    return sql<number>`(select -bm25(requests_fts, 3.0, 1.0) from requests_fts where requests_fts match ${sqliteMatch(query)} and requests_fts.rowid = requests.rowid)`;
  }
  return sql<number>`ts_rank(${requestVector}, ${postgresTsQuery(query)})`;
}
