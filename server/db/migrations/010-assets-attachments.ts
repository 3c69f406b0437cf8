import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Attachments on requests (files under DATA_DIR), the asset library with tags and reuse, and full-text
 * search over assets and requests (docs/decisions/0008-full-text-search.md): an FTS5 table kept in sync
 * by triggers on SQLite, a `simple` tsvector with a GIN index on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    // Null for a file uploaded straight to the library.
    .addColumn('request_id', 'text', (c) => c.references('requests.id').onDelete('cascade'))
    .addColumn('uploader_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    // Random, never derived from the uploaded name, so a name can never reach outside the folder.
    .addColumn('stored_name', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_request').on('attachments').columns(['request_id', 'created_at']).execute();
  await db.schema.createIndex('attachments_org').on('attachments').columns(['organisation_id']).execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('request_id', 'text', (c) => c.references('requests.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('attachment_id', 'text', (c) => c.references('attachments.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The tags joined by spaces, for the search index; asset_tags holds them for filtering.
    .addColumn('tags_text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('publisher_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('assets_kind', sql`kind in ('link', 'file')`)
    .addCheckConstraint('assets_language', sql`language in ('de', 'en')`)
    .addCheckConstraint(
      'assets_kind_target',
      sql`(kind = 'link' and url is not null and attachment_id is null) or (kind = 'file' and attachment_id is not null and url is null)`,
    )
    .execute();
  await db.schema.createIndex('assets_org_created').on('assets').columns(['organisation_id', 'created_at']).execute();
  await db.schema.createIndex('assets_request').on('assets').columns(['request_id']).execute();

  await db.schema
    .createTable('asset_tags')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_tags_pk', ['asset_id', 'tag'])
    .execute();
  await db.schema.createIndex('asset_tags_org_tag').on('asset_tags').columns(['organisation_id', 'tag']).execute();

  // One row per person and asset: using an asset twice still counts once.
  await db.schema
    .createTable('asset_reuses')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_reuses_pk', ['asset_id', 'user_id'])
    .execute();
  await db.schema.createIndex('asset_reuses_org').on('asset_reuses').columns(['organisation_id', 'created_at']).execute();

  if (sqlite) await createSqliteSearch(db);
  else await createPostgresSearch(db);
}

/**
 * External-content FTS5 tables over the rows' implicit rowid, so the text is stored once. unicode61
 * folds case for all scripts; diacritics are kept, as PostgreSQL's `simple` configuration keeps them.
 */
async function createSqliteSearch(db: Kysely<unknown>) {
  const tokenizer = sql.lit('unicode61 remove_diacritics 0');
  await sql`create virtual table assets_fts using fts5(title, description, tags_text, content='assets', content_rowid='rowid', tokenize=${tokenizer})`.execute(
    db,
  );
  await sql`create trigger assets_fts_insert after insert on assets begin
    insert into assets_fts(rowid, title, description, tags_text) values (new.rowid, new.title, new.description, new.tags_text);
  end`.execute(db);
  await sql`create trigger assets_fts_delete after delete on assets begin
    insert into assets_fts(assets_fts, rowid, title, description, tags_text) values ('delete', old.rowid, old.title, old.description, old.tags_text);
  end`.execute(db);
  await sql`create trigger assets_fts_update after update of title, description, tags_text on assets begin
    insert into assets_fts(assets_fts, rowid, title, description, tags_text) values ('delete', old.rowid, old.title, old.description, old.tags_text);
    insert into assets_fts(rowid, title, description, tags_text) values (new.rowid, new.title, new.description, new.tags_text);
  end`.execute(db);

  await sql`create virtual table requests_fts using fts5(title, description, content='requests', content_rowid='rowid', tokenize=${tokenizer})`.execute(
    db,
  );
  await sql`create trigger requests_fts_insert after insert on requests begin
    insert into requests_fts(rowid, title, description) values (new.rowid, new.title, new.description);
  end`.execute(db);
  await sql`create trigger requests_fts_delete after delete on requests begin
    insert into requests_fts(requests_fts, rowid, title, description) values ('delete', old.rowid, old.title, old.description);
  end`.execute(db);
  await sql`create trigger requests_fts_update after update of title, description on requests begin
    insert into requests_fts(requests_fts, rowid, title, description) values ('delete', old.rowid, old.title, old.description);
    insert into requests_fts(rowid, title, description) values (new.rowid, new.title, new.description);
  end`.execute(db);
  // Requests filed before this migration.
  await sql`insert into requests_fts(requests_fts) values ('rebuild')`.execute(db);
}

/**
 * Assets get a stored generated tsvector (it spans three columns, weighted); requests an expression
 * index, so their rows and every existing query stay as they are. The repository repeats the exact
 * expression so that the planner uses the index.
 */
async function createPostgresSearch(db: Kysely<unknown>) {
  await sql`alter table assets add column search_vector tsvector generated always as (
    setweight(to_tsvector('simple', title), 'A') ||
    setweight(to_tsvector('simple', tags_text), 'B') ||
    setweight(to_tsvector('simple', description), 'C')
  ) stored`.execute(db);
  await sql`create index assets_search on assets using gin (search_vector)`.execute(db);
  await sql`create index requests_search on requests using gin ((to_tsvector('simple', title || ' ' || description)))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    for (const trigger of [
      'assets_fts_insert',
      'assets_fts_delete',
      'assets_fts_update',
      'requests_fts_insert',
      'requests_fts_delete',
      'requests_fts_update',
    ]) {
      await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
    }
    await sql`drop table if exists assets_fts`.execute(db);
    await sql`drop table if exists requests_fts`.execute(db);
  } else {
    await sql`drop index if exists requests_search`.execute(db);
  }
  for (const table of ['asset_reuses', 'asset_tags', 'assets', 'attachments']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
