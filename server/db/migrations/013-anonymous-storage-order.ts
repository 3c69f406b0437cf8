import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Survey storage that tells a database reader neither who answered a closed cycle nor in which order
 * anybody answered (docs/decisions/0004-survey-storage.md):
 * - `survey_invitations.answered` may be NULL: closing a cycle forgets who answered it (NULL for all).
 *   Cycles closed before this migration are brought to that state here.
 * - SQLite: responses and answers become `WITHOUT ROWID` tables, stored in the order of their random
 *   ids instead of the order of insertion. PostgreSQL has no such tables: a cycle's rows are rewritten
 *   in id order when it closes, and the rows of cycles closed before are clustered by id here.
 * - The client key that recognises a retried submission is unique per cycle, not across all cycles.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildSqliteTables(db, 'up');
  else {
    await sql`alter table survey_invitations alter column answered drop not null`.execute(db);
    await sql`alter table survey_responses drop constraint survey_responses_client_key_hash_key`.execute(db);
    await sql`create unique index survey_responses_cycle_client_key on survey_responses (cycle_id, client_key_hash)`.execute(db);
  }
  await forgetParticipationOfClosedCycles(db);
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    // One rewrite of each table in id order; afterwards each closing rewrites only its own cycle.
    await sql`cluster survey_invitations using survey_invitations_pkey`.execute(db);
    await sql`cluster survey_responses using survey_responses_pkey`.execute(db);
    await sql`cluster survey_answers using survey_answers_pk`.execute(db);
  }
}

/** Who answered a closed cycle is not kept, nor who was still being reminded (closing.ts does the same). */
async function forgetParticipationOfClosedCycles(db: Kysely<unknown>) {
  await sql`update survey_invitations
    set answered = null,
        reminders_sent = (select max(other.reminders_sent) from survey_invitations other where other.cycle_id = survey_invitations.cycle_id)
    where cycle_id in (select id from survey_cycles where status = 'closed')`.execute(db);
}

/**
 * SQLite changes a table's definition by rebuilding it (https://sqlite.org/lang_altertable.html#otheralter):
 * foreign keys off outside the transaction, then create the new tables, copy, drop the old ones,
 * rename, recreate the indexes and check the foreign keys before committing. Migrations on SQLite run
 * outside a transaction, so the pragma takes effect here.
 */
async function rebuildSqliteTables(db: Kysely<unknown>, direction: 'up' | 'down') {
  const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  const foreignKeysWereOn = rows[0]?.foreign_keys === 1;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const up = direction === 'up';
      await sql`create table survey_invitations_new (
        id text primary key,
        cycle_id text not null references survey_cycles (id) on delete cascade,
        organisation_id text not null references organisations (id) on delete cascade,
        user_id text not null references users (id) on delete cascade,
        form text not null,
        token_hash text not null unique,
        atom_team_id text not null,
        atom_region text not null,
        atom_tenure_band text not null,
        atom_role text not null,
        reminders_sent integer not null default 0,
        answered integer ${up ? sql`` : sql`not null`} default 0,
        constraint survey_invitations_cycle_user unique (cycle_id, user_id)
      )`.execute(trx);
      // Going down, forgotten participation cannot come back: it reads as not answered.
      await sql`insert into survey_invitations_new
        select id, cycle_id, organisation_id, user_id, form, token_hash, atom_team_id, atom_region, atom_tenure_band,
               atom_role, reminders_sent, ${up ? sql`answered` : sql`coalesce(answered, 0)`}
        from survey_invitations order by rowid`.execute(trx);

      const storage = up ? sql`without rowid` : sql``;
      await sql`create table survey_responses_new (
        id text primary key not null,
        cycle_id text not null references survey_cycles (id) on delete cascade,
        organisation_id text not null references organisations (id) on delete cascade,
        form text not null,
        team_id text not null,
        region text not null,
        tenure_band text not null,
        role text not null,
        client_key_hash text not null ${up ? sql`` : sql`unique`}
      ) ${storage}`.execute(trx);
      await sql`insert into survey_responses_new
        select id, cycle_id, organisation_id, form, team_id, region, tenure_band, role, client_key_hash
        from survey_responses order by id`.execute(trx);

      // References survey_responses by name: after the renames below it refers to the new table.
      await sql`create table survey_answers_new (
        response_id text not null references survey_responses (id) on delete cascade,
        cycle_id text not null,
        item_id text not null,
        value integer,
        text text,
        constraint survey_answers_pk primary key (response_id, item_id)
      ) ${storage}`.execute(trx);
      await sql`insert into survey_answers_new
        select response_id, cycle_id, item_id, value, text from survey_answers order by response_id, item_id`.execute(trx);

      await sql`drop table survey_answers`.execute(trx);
      await sql`drop table survey_responses`.execute(trx);
      await sql`drop table survey_invitations`.execute(trx);
      await sql`alter table survey_invitations_new rename to survey_invitations`.execute(trx);
      await sql`alter table survey_responses_new rename to survey_responses`.execute(trx);
      await sql`alter table survey_answers_new rename to survey_answers`.execute(trx);

      await sql`create index survey_responses_cycle on survey_responses (cycle_id)`.execute(trx);
      if (up) {
        await sql`create unique index survey_responses_cycle_client_key on survey_responses (cycle_id, client_key_hash)`.execute(
          trx,
        );
      }
      await sql`create index survey_answers_cycle_item on survey_answers (cycle_id, item_id)`.execute(trx);

      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`survey storage rebuild broke ${broken.rows.length} foreign keys`);
    });
  } finally {
    if (foreignKeysWereOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await rebuildSqliteTables(db, 'down');
    return;
  }
  await sql`drop index survey_responses_cycle_client_key`.execute(db);
  await sql`alter table survey_responses add constraint survey_responses_client_key_hash_key unique (client_key_hash)`.execute(
    db,
  );
  // Forgotten participation cannot come back: it reads as not answered.
  await sql`update survey_invitations set answered = 0 where answered is null`.execute(db);
  await sql`alter table survey_invitations alter column answered set not null`.execute(db);
}
