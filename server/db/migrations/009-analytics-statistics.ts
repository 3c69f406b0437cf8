import type { Kysely } from 'kysely';

/**
 * Stored sufficient statistics of survey answers, for the dashboard (docs/decisions/0007-dashboard-statistics.md).
 * One row per (cycle, form, atom) with the atom's invited and responding counts and its moments as JSON;
 * a cycle's rows are written once, after it closed, in one transaction that ends with the cycle's marker
 * row, so that the marker means "every atom is stored". No row carries a person or a time.
 * Per closed cycle, form and plan settings, what each group may show (the plans' verdicts) with its sums.
 * Key-driver bootstrap intervals are stored per (cycle, released group), computed once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
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
    // The trust index and iNPS moments alone: all a trend over many cycles reads.
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

  await db.schema
    .createTable('analytics_cycle_statistics')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('atoms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_cycle_statistics_pk', ['cycle_id', 'form'])
    .execute();
  await db.schema
    .createIndex('analytics_cycle_statistics_org')
    .on('analytics_cycle_statistics')
    .columns(['organisation_id'])
    .execute();

  // What the dashboard may show of each group of a closed cycle's form under one set of plan settings:
  // one row per group that passes the filter check (which figures' plans withhold it, its sums), and a
  // marker written last with the refused groups' reasons. Rows of groups that show nothing carry no sums.
  await db.schema
    .createTable('analytics_group_figures')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('settings_key', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('withheld', 'text', (c) => c.notNull())
    .addColumn('respondents', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('moments', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_group_figures_pk', ['cycle_id', 'form', 'settings_key', 'group_key'])
    .execute();
  await db.schema
    .createTable('analytics_cycle_group_figures')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('settings_key', 'text', (c) => c.notNull())
    .addColumn('groups', 'integer', (c) => c.notNull())
    .addColumn('marker', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_cycle_group_figures_pk', ['cycle_id', 'form', 'settings_key'])
    .execute();

  await db.schema
    .createTable('analytics_key_driver_intervals')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('survey_cycles.id').onDelete('cascade'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('analysis', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_key_driver_intervals_pk', ['cycle_id', 'group_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'analytics_key_driver_intervals',
    'analytics_cycle_group_figures',
    'analytics_group_figures',
    'analytics_cycle_statistics',
    'analytics_atom_moments',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
