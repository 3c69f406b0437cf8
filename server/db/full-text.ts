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

/** Higher is better. Title weighs most, then tags, then the description, in both dialects. */
export function assetsRank(db: Db, query: FullTextQuery): Expression<number> {
  if (isSqlite(db)) {
    // bm25 is smaller for better matches, and only defined inside a full-text query.
    return sql<number>`(select -bm25(assets_fts, 10.0, 2.0, 5.0) from assets_fts where assets_fts match ${sqliteMatch(query)} and assets_fts.rowid = assets.rowid)`;
  }
  return sql<number>`ts_rank(assets.search_vector, ${postgresTsQuery(query)})`;
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
