import { type Kysely, sql } from 'kysely';

/**
 * Dashboard statistics per release epoch (decision 0013): a group's figure is the sum over its units
 * (atom × epoch of first counting) up to the epoch the group is released at, so the stored statistics of
 * a closed cycle are kept per unit.
 * - `analytics_atom_moments` gains `release_epoch` in its key: one row per atom and epoch with counted
 *   respondents; an atom with invitees and nobody counted keeps one row at epoch 0 (no moments). The key
 *   changes, so the table is rebuilt. Rows stored before epochs existed were computed from every response
 *   of their closed cycle, and migration 015 put every such response in epoch 1: they are epoch 1 (0 where
 *   the atom had no respondent).
 * - `analytics_group_figures` gains the epoch each stored group is released at (`released_at`, the cycle
 *   plan) and, as JSON, the epoch of each figure whose own plan releases the group earlier. Rows stored
 *   before epochs existed are every group's figures at epoch 1, which is what the plans of epoch 1 (no
 *   earlier epoch pinned) release: `released_at` 1 and no figure earlier.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analytics_unit_moments_new')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('atom_team_id', 'text', (c) => c.notNull())
    .addColumn('atom_region', 'text', (c) => c.notNull())
    .addColumn('atom_tenure_band', 'text', (c) => c.notNull())
    .addColumn('atom_role', 'text', (c) => c.notNull())
    .addColumn('release_epoch', 'integer', (c) => c.notNull())
    .addColumn('invited', 'integer', (c) => c.notNull())
    .addColumn('respondents', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('moments', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_unit_moments_pk', [
      'cycle_id',
      'form',
      'atom_team_id',
      'atom_region',
      'atom_tenure_band',
      'atom_role',
      'release_epoch',
    ])
    .execute();
  await sql`insert into analytics_unit_moments_new
      (organisation_id, cycle_id, form, atom_team_id, atom_region, atom_tenure_band, atom_role, release_epoch,
       invited, respondents, headline, moments)
    select organisation_id, cycle_id, form, atom_team_id, atom_region, atom_tenure_band, atom_role,
       case when respondents > 0 then 1 else 0 end, invited, respondents, headline, moments
    from analytics_atom_moments`.execute(db);
  await db.schema.dropTable('analytics_atom_moments').execute();
  await db.schema.alterTable('analytics_unit_moments_new').renameTo('analytics_atom_moments').execute();

  await db.schema
    .alterTable('analytics_group_figures')
    .addColumn('released_at', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('analytics_group_figures')
    .addColumn('measure_epochs', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('analytics_group_figures').dropColumn('measure_epochs').execute();
  await db.schema.alterTable('analytics_group_figures').dropColumn('released_at').execute();
  // Per-atom rows cannot be rebuilt from per-unit ones without the answers: the job stores them again.
  await sql`delete from analytics_cycle_group_figures`.execute(db);
  await sql`delete from analytics_group_figures`.execute(db);
  await sql`delete from analytics_cycle_statistics`.execute(db);
  await sql`delete from analytics_atom_moments`.execute(db);
  await db.schema.dropTable('analytics_atom_moments').execute();
  await db.schema
    .createTable('analytics_atom_moments')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('atom_team_id', 'text', (c) => c.notNull())
    .addColumn('atom_region', 'text', (c) => c.notNull())
    .addColumn('atom_tenure_band', 'text', (c) => c.notNull())
    .addColumn('atom_role', 'text', (c) => c.notNull())
    .addColumn('invited', 'integer', (c) => c.notNull())
    .addColumn('respondents', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('moments', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_atom_moments_pk', [
      'cycle_id',
      'form',
      'atom_team_id',
      'atom_region',
      'atom_tenure_band',
      'atom_role',
    ])
    .execute();
}
