import type { Kysely } from 'kysely';
import type {
  AnalyticsAtomMomentsTable,
  AnalyticsCycleGroupFiguresTable,
  AnalyticsGroupFiguresTable,
  Tables,
} from '../../db/tables.js';

type SurveyForm = AnalyticsAtomMomentsTable['form'];

/** Every cycle of the organisation, oldest first. */
export function listCyclesOldestFirst(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('survey_cycles')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('opens_on', 'asc')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export function findTeamNames(db: Kysely<Tables>, organisationId: string) {
  return db.selectFrom('teams').select(['id', 'name']).where('organisation_id', '=', organisationId).execute();
}

/** The cycles (of those given) whose statistics of the form are completely stored. */
export async function findStoredCycleIds(db: Kysely<Tables>, organisationId: string, cycleIds: string[], form: SurveyForm) {
  if (cycleIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('analytics_cycle_statistics')
    .select('cycle_id')
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', 'in', cycleIds)
    .where('form', '=', form)
    .execute();
  return new Set(rows.map((row) => row.cycle_id));
}

/** Counts and headline moments per atom of several cycles: what a trend reads. */
export function findAtomHeadlines(db: Kysely<Tables>, organisationId: string, cycleIds: string[], form: SurveyForm) {
  if (cycleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('analytics_atom_moments')
    .select([
      'cycle_id',
      'atom_team_id',
      'atom_region',
      'atom_tenure_band',
      'atom_role',
      'release_epoch',
      'invited',
      'respondents',
      'headline',
    ])
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', 'in', cycleIds)
    .where('form', '=', form)
    .execute();
}

export function findAtomMoments(db: Kysely<Tables>, organisationId: string, cycleId: string, form: SurveyForm) {
  return db
    .selectFrom('analytics_atom_moments')
    .select([
      'atom_team_id',
      'atom_region',
      'atom_tenure_band',
      'atom_role',
      'release_epoch',
      'invited',
      'respondents',
      'headline',
      'moments',
    ])
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .execute();
}

/**
 * Stores a closed cycle's statistics of one form. Concurrent first readers compute the same rows from the
 * same closed cycle; whoever comes second inserts nothing (insert-or-ignore), and the marker row, written
 * last in the same transaction, tells readers that every atom is there.
 */
export async function insertCycleStatistics(
  db: Kysely<Tables>,
  marker: { organisation_id: string; cycle_id: string; form: SurveyForm },
  rows: AnalyticsAtomMomentsTable[],
) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('analytics_atom_moments')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc
            .columns(['cycle_id', 'form', 'atom_team_id', 'atom_region', 'atom_tenure_band', 'atom_role', 'release_epoch'])
            .doNothing(),
        )
        .execute();
    }
    await trx
      .insertInto('analytics_cycle_statistics')
      .values({ ...marker, atoms: rows.length })
      .onConflict((oc) => oc.columns(['cycle_id', 'form']).doNothing())
      .execute();
  });
}

export async function findKeyDriverAnalysis(db: Kysely<Tables>, organisationId: string, cycleId: string, groupKey: string) {
  const row = await db
    .selectFrom('analytics_key_driver_intervals')
    .select('analysis')
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', '=', cycleId)
    .where('group_key', '=', groupKey)
    .executeTakeFirst();
  return row?.analysis ?? null;
}

export async function insertKeyDriverAnalysis(
  db: Kysely<Tables>,
  row: { organisation_id: string; cycle_id: string; group_key: string; analysis: string },
) {
  await db
    .insertInto('analytics_key_driver_intervals')
    .values(row)
    .onConflict((oc) => oc.columns(['cycle_id', 'group_key']).doNothing())
    .execute();
}

export type GroupFiguresRow = AnalyticsGroupFiguresTable;

/** The marker of a closed cycle's stored group figures (refused groups and teams), or null if not stored. */
export async function findGroupFiguresMarker(
  db: Kysely<Tables>,
  organisationId: string,
  cycleId: string,
  form: SurveyForm,
  settingsKey: string,
) {
  const row = await db
    .selectFrom('analytics_cycle_group_figures')
    .select('marker')
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('settings_key', '=', settingsKey)
    .executeTakeFirst();
  return row?.marker ?? null;
}

export async function findStoredGroupFiguresCycleIds(
  db: Kysely<Tables>,
  organisationId: string,
  cycleIds: string[],
  form: SurveyForm,
  settingsKey: string,
) {
  if (cycleIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('analytics_cycle_group_figures')
    .select('cycle_id')
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', 'in', cycleIds)
    .where('form', '=', form)
    .where('settings_key', '=', settingsKey)
    .execute();
  return new Set(rows.map((row) => row.cycle_id));
}

/** Every allowed group of a cycle's form, without the full moments: a heatmap reads many of them. */
export function findGroupHeadlines(
  db: Kysely<Tables>,
  organisationId: string,
  cycleIds: string[],
  form: SurveyForm,
  settingsKey: string,
) {
  if (cycleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('analytics_group_figures')
    .select(['cycle_id', 'group_key', 'withheld', 'respondents', 'headline', 'released_at', 'measure_epochs'])
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', 'in', cycleIds)
    .where('form', '=', form)
    .where('settings_key', '=', settingsKey)
    .execute();
}

/** One group's row in each of several cycles: what a trend reads. */
export function findGroupHeadlineOfCycles(
  db: Kysely<Tables>,
  organisationId: string,
  cycleIds: string[],
  form: SurveyForm,
  settingsKey: string,
  groupKey: string,
) {
  if (cycleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('analytics_group_figures')
    .select(['cycle_id', 'group_key', 'withheld', 'respondents', 'headline', 'released_at', 'measure_epochs'])
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', 'in', cycleIds)
    .where('form', '=', form)
    .where('settings_key', '=', settingsKey)
    .where('group_key', '=', groupKey)
    .execute();
}

export async function findGroupMoments(
  db: Kysely<Tables>,
  organisationId: string,
  cycleId: string,
  form: SurveyForm,
  settingsKey: string,
  groupKey: string,
) {
  const row = await db
    .selectFrom('analytics_group_figures')
    .select('moments')
    .where('organisation_id', '=', organisationId)
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('settings_key', '=', settingsKey)
    .where('group_key', '=', groupKey)
    .executeTakeFirst();
  return row?.moments ?? null;
}

/** Stores a closed cycle's group figures of one form; as insertCycleStatistics, the marker comes last. */
export async function insertGroupFigures(db: Kysely<Tables>, marker: AnalyticsCycleGroupFiguresTable, rows: GroupFiguresRow[]) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 100) {
      await trx
        .insertInto('analytics_group_figures')
        .values(rows.slice(i, i + 100))
        .onConflict((oc) => oc.columns(['cycle_id', 'form', 'settings_key', 'group_key']).doNothing())
        .execute();
    }
    await trx
      .insertInto('analytics_cycle_group_figures')
      .values(marker)
      .onConflict((oc) => oc.columns(['cycle_id', 'form', 'settings_key']).doNothing())
      .execute();
  });
}

// ---------- release epochs (decision 0013) ----------

/** Counted respondents (release_epoch set) per atom and epoch; pending responses are in no figure. */
export function countRespondentsByUnit(db: Kysely<Tables>, cycleId: string, form: SurveyForm) {
  return db
    .selectFrom('survey_responses')
    .select(['team_id', 'region', 'tenure_band', 'role', 'release_epoch'])
    .select((eb) => eb.fn.countAll<number>().as('respondents'))
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('release_epoch', 'is not', null)
    .groupBy(['team_id', 'region', 'tenure_band', 'role', 'release_epoch'])
    .execute();
}

/** The atom columns a filter value must equal; a widened value ('*') never equals a specific one. */
export interface AtomFilter {
  team?: string | undefined;
  region?: string | undefined;
  tenureBand?: string | undefined;
  role?: string | undefined;
}

/**
 * Numeric answers of the counted responses of one form up to an epoch (all counted ones without it),
 * with each response's atom and epoch. Pending responses are left out: they are in no figure yet.
 */
export function findCountedNumericAnswers(
  db: Kysely<Tables>,
  cycleId: string,
  form: SurveyForm,
  filter: AtomFilter,
  upToEpoch?: number,
) {
  let query = db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_responses.id as response_id',
      'survey_responses.team_id',
      'survey_responses.region',
      'survey_responses.tenure_band',
      'survey_responses.role',
      'survey_responses.release_epoch',
      'survey_answers.item_id',
      'survey_answers.value',
    ])
    .where('survey_responses.cycle_id', '=', cycleId)
    .where('survey_responses.form', '=', form)
    .where('survey_responses.release_epoch', 'is not', null)
    .where('survey_answers.value', 'is not', null);
  if (upToEpoch !== undefined) query = query.where('survey_responses.release_epoch', '<=', upToEpoch);
  if (filter.team !== undefined) query = query.where('survey_responses.team_id', '=', filter.team);
  if (filter.region !== undefined) query = query.where('survey_responses.region', '=', filter.region);
  if (filter.tenureBand !== undefined) query = query.where('survey_responses.tenure_band', '=', filter.tenureBand);
  if (filter.role !== undefined) query = query.where('survey_responses.role', '=', filter.role);
  return query.execute();
}

/** Every set the plans of a cycle's form released up to an epoch, by plan (measure). */
export function findReleasedSetsUpTo(db: Kysely<Tables>, cycleId: string, form: SurveyForm, epoch: number) {
  return db
    .selectFrom('survey_released_sets')
    .select(['measure', 'group_key', 'epoch'])
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('epoch', '<=', epoch)
    .orderBy('measure')
    .orderBy('group_key')
    .orderBy('epoch')
    .execute();
}
