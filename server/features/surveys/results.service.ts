/**
 * Results of a cycle. Every figure passes the anonymity plan (anonymity.md): the cycle's plan decides
 * which groups may show anything, and each figure whose set of respondents shrinks ("can't judge",
 * skipped questions) passes its own plan on the valid answers. Nothing here builds its own groups.
 *
 * An open cycle is read again and again while answers arrive, so the plans are release-epoch plans
 * (decision 0013): a read counts pending answers in a new epoch once enough have arrived, every plan is
 * planned with the sets it released before pinned, and a group's figure covers the group's respondents
 * counted up to the epoch its plan released it at, which can be earlier than the latest ("includes
 * answers up to <day>"). What a plan releases is recorded before any figure computed from it leaves.
 */
import type { Selectable } from 'kysely';
import {
  BREAKDOWN_ATTRIBUTES,
  type BreakdownGroup,
  type CycleComments,
  type CycleResults,
  type ResultsQuery,
} from '../../../common/api/surveys.js';
import { itemsOfForm, MIRROR_FORM_ITEMS } from '../../../common/instrument/forms.js';
import { type ConstructId, DRIVER_IDS, type Item } from '../../../common/instrument/items.js';
import {
  type Answers,
  respondentDriverScore,
  respondentTrustIndex,
  scoreInps,
  scoreStatement,
} from '../../../common/instrument/scoring.js';
import type { Role } from '../../../common/roles.js';
import type { SurveyCyclesTable } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../http/errors.js';
import {
  ATTRIBUTES,
  type AtomCount,
  type AtomKey,
  checkEpochFilter,
  type EpochReleasePlan,
  type EpochUnit,
  type GroupFilter,
  groupKeyOf,
  ORG_KEY,
  type PrivacySettings as PlanSettings,
  planEpochCommentRelease,
  planEpochRelease,
  planEpochStatementRelease,
  releasedAtOf,
  shuffleComments,
} from '../../lib/anonymity/index.js';
import { dashboardScopeOf } from '../../policies/access.js';
import { planSettingsOf } from './cycle-settings.js';
import {
  advanceReleaseEpoch,
  loadEpochDays,
  loadEpochUnits,
  loadPinnedSets,
  loadSetsOfEpoch,
  type ReleaseMeasure,
  recordReleasedSets,
  retryWhileEpochMovesOn,
} from './release-epochs.js';
import * as repo from './surveys.repository.js';

type SurveyForm = 'sales' | 'mirror';
type CycleRow = Selectable<SurveyCyclesTable>;

interface Respondent {
  readonly atom: AtomKey;
  /** The release epoch the response was first counted in. */
  readonly epoch: number;
  readonly answers: Answers;
}

/** One form of a cycle at its latest release epoch. */
interface Population {
  readonly cycleId: string;
  readonly form: SurveyForm;
  /** The latest epoch (0: nothing counted yet); the cycle plan is planned at it. */
  readonly epoch: number;
  /** The cycle plan ('scores'). */
  readonly plan: EpochReleasePlan;
  /** Invited people per atom, every atom of the invitees. */
  readonly invitees: readonly AtomCount[];
  /** Day of each epoch. */
  readonly days: ReadonlyMap<number, string>;
}

const atomIdentity = (atom: AtomKey) => JSON.stringify([atom.region, atom.team, atom.tenureBand, atom.role]);

function inGroup(atom: AtomKey, filter: GroupFilter): boolean {
  return ATTRIBUTES.every((attribute) => filter[attribute] === undefined || atom[attribute] === filter[attribute]);
}

/** The respondents a figure released at `releasedAt` covers: the group's, counted up to that epoch. */
function countedUpTo<T extends { epoch: number }>(members: readonly T[], releasedAt: number): T[] {
  return members.filter((member) => member.epoch <= releasedAt);
}

async function findCycleOrFail(deps: AppDeps, organisationId: string, cycleId: string) {
  const cycle = await repo.findCycle(deps.database.db, organisationId, cycleId);
  if (!cycle) throw notFound('Survey cycle');
  return cycle;
}

/**
 * The cycle plan of one form at its latest epoch, over the atoms of everyone invited, so that a withheld
 * group says nothing about who answered. Reading may open the next epoch (advanceReleaseEpoch).
 */
async function loadPopulation(deps: AppDeps, cycle: CycleRow, form: SurveyForm, settings: PlanSettings): Promise<Population> {
  const { db } = deps.database;
  const epoch = await advanceReleaseEpoch(db, cycle, form);
  const [invited, counted, pinned, days] = await Promise.all([
    repo.countInviteesByAtom(db, cycle.id, form),
    loadEpochUnits(db, cycle.id, form),
    loadPinnedSets(db, cycle.id, form, 'scores', epoch),
    loadEpochDays(db, cycle.id, form),
  ]);
  const invitees: AtomCount[] = invited.map((row) => ({
    atom: { region: row.atom_region, team: row.atom_team_id, tenureBand: row.atom_tenure_band, role: row.atom_role },
    respondents: Number(row.invited),
  }));
  // Another read may have opened a later epoch meanwhile: this one plans the epoch it took.
  const units = counted.filter((unit) => unit.epoch <= epoch);
  const plan = planEpochRelease({ units, settings, epoch, pinned, invitedAtoms: invitees.map((a) => a.atom) });
  return { cycleId: cycle.id, form, epoch, plan, invitees, days };
}

/** The counted respondents (up to the population's epoch) with their numeric answers. */
async function loadRespondents(deps: AppDeps, population: Population): Promise<Respondent[]> {
  const rows = await repo.findNumericAnswers(deps.database.db, population.cycleId, population.form, {});
  const byResponse = new Map<string, { atom: AtomKey; epoch: number; answers: Record<string, number> }>();
  for (const row of rows) {
    // Pending answers are in no figure.
    if (row.release_epoch === null || row.release_epoch > population.epoch) continue;
    let respondent = byResponse.get(row.response_id);
    if (!respondent) {
      respondent = {
        atom: { region: row.region, team: row.team_id, tenureBand: row.tenure_band, role: row.role },
        epoch: Number(row.release_epoch),
        answers: {},
      };
      byResponse.set(row.response_id, respondent);
    }
    respondent.answers[row.item_id] = Number(row.value);
  }
  return [...byResponse.values()];
}

function filterOf(query: ResultsQuery): GroupFilter {
  const filter: Partial<Record<(typeof ATTRIBUTES)[number], string>> = {};
  for (const attribute of ATTRIBUTES) {
    const value = query[attribute];
    if (value !== undefined) filter[attribute] = value;
  }
  return filter;
}

/** The plans used for one answer: recorded together before the figures are returned. */
class PlanRecorder {
  private readonly plans: { measure: ReleaseMeasure; plan: EpochReleasePlan }[] = [];
  constructor(private readonly population: Population) {}
  add(measure: ReleaseMeasure, plan: EpochReleasePlan) {
    this.plans.push({ measure, plan });
    return plan;
  }
  async record(deps: AppDeps) {
    const { cycleId, form, epoch } = this.population;
    // Every read of the same epoch plans the same sets: write only those no earlier read recorded, so
    // that reading stays a read once an epoch's sets are stored.
    const recorded = new Set(
      (await loadSetsOfEpoch(deps.database.db, cycleId, form, epoch)).map((set) => `${set.measure}\u0000${set.groupKey}`),
    );
    for (const { measure, plan } of this.plans) {
      const missing = plan.newlyReleased.filter((set) => !recorded.has(`${measure}\u0000${set.groupKey}`));
      await recordReleasedSets(deps.database.db, cycleId, form, measure, missing);
    }
  }
}

/**
 * A figure computed from the respondents who have a value for it: its own plan on those counts per
 * atom × epoch, derived from the cycle's plan, so that it releases a subset of what the cycle releases.
 */
class Measure {
  readonly plan: EpochReleasePlan;
  constructor(
    population: Population,
    respondents: readonly Respondent[],
    readonly hasValue: (answers: Answers) => boolean,
    pinned: Awaited<ReturnType<typeof loadPinnedSets>>,
  ) {
    const counts = new Map<string, EpochUnit>();
    for (const respondent of respondents) {
      if (!hasValue(respondent.answers)) continue;
      const key = `${atomIdentity(respondent.atom)}@${respondent.epoch}`;
      const entry = counts.get(key);
      counts.set(key, { atom: respondent.atom, epoch: respondent.epoch, respondents: (entry?.respondents ?? 0) + 1 });
    }
    this.plan = planEpochStatementRelease(population.plan, [...counts.values()], pinned);
  }
  /** The epoch the group's figure is from, or null for "not enough answers". */
  releasedAt(groupKey: string): number | null {
    return releasedAtOf(this.plan, groupKey);
  }
}

async function measureOf(
  deps: AppDeps,
  population: Population,
  recorder: PlanRecorder,
  name: ReleaseMeasure,
  respondents: readonly Respondent[],
  hasValue: (answers: Answers) => boolean,
): Promise<Measure> {
  const pinned = await loadPinnedSets(deps.database.db, population.cycleId, population.form, name, population.epoch);
  const measure = new Measure(population, respondents, hasValue, pinned);
  recorder.add(name, measure.plan);
  return measure;
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function driversOf(items: readonly Item[]): ConstructId[] {
  return DRIVER_IDS.filter((driver) => items.some((item) => item.kind === 'likert' && item.construct === driver));
}

interface SalesMeasures {
  trust: Measure;
  inps: Measure;
  drivers: { driverId: ConstructId; measure: Measure }[];
  statements: { itemId: string; measure: Measure }[];
}

async function salesMeasures(
  deps: AppDeps,
  cycle: CycleRow,
  population: Population,
  recorder: PlanRecorder,
  respondents: readonly Respondent[],
): Promise<SalesMeasures> {
  const items = itemsOfForm(cycle.form, cycle.pulse_index ?? 0);
  const measure = (name: ReleaseMeasure, hasValue: (answers: Answers) => boolean) =>
    measureOf(deps, population, recorder, name, respondents, hasValue);
  return {
    trust: await measure('trust', (answers) => respondentTrustIndex(answers) !== null),
    inps: await measure('inps', (answers) => typeof answers.INPS === 'number'),
    drivers: await Promise.all(
      driversOf(items).map(async (driverId) => ({
        driverId,
        measure: await measure(`driver:${driverId}`, (answers) => respondentDriverScore(answers, driverId) !== null),
      })),
    ),
    statements: await Promise.all(
      items
        .filter((item) => item.kind === 'likert')
        .map(async (item) => ({
          itemId: item.id,
          measure: await measure(`statement:${item.id}`, (answers) => typeof answers[item.id] === 'number'),
        })),
    ),
  };
}

/** The day of the group's figures: the day of the epoch the cycle plan released it at. */
function asOfOf(population: Population, groupKey: string): string | null {
  const releasedAt = releasedAtOf(population.plan, groupKey);
  return releasedAt === null ? null : (population.days.get(releasedAt) ?? null);
}

function headlineOf(population: Population, groupKey: string, members: readonly Respondent[], measures: SalesMeasures) {
  const shown = countedUpTo(members, releasedAtOf(population.plan, groupKey) ?? 0);
  const trustAt = measures.trust.releasedAt(groupKey);
  const trust =
    trustAt === null
      ? []
      : countedUpTo(members, trustAt)
          .map((m) => respondentTrustIndex(m.answers))
          .filter((v): v is number => v !== null);
  const inpsAt = measures.inps.releasedAt(groupKey);
  return {
    n: shown.length,
    asOf: asOfOf(population, groupKey),
    trustIndex: trust.length > 0 ? mean(trust) : null,
    inps: inpsAt === null ? null : scoreInps(countedUpTo(members, inpsAt).map((m) => m.answers.INPS ?? null)).value,
  };
}

function breakdownsOf(
  settings: PlanSettings,
  population: Population,
  respondents: readonly Respondent[],
  measures: SalesMeasures,
): Extract<CycleResults, { available: true }>['breakdowns'] {
  const { plan } = population;
  return BREAKDOWN_ATTRIBUTES.filter((attribute) => settings.breakdownAttributes.includes(attribute)).map((attribute) => ({
    attribute,
    groups: plan.groups
      .filter((group) => {
        const attributes = Object.keys(group.filter);
        return attributes.length === 1 && attributes[0] === attribute;
      })
      .map((group): BreakdownGroup => {
        const value = group.filter[attribute] as string;
        const check = checkEpochFilter(plan, group.filter);
        if (!check.allowed) {
          return { value, available: false, reason: check.reason === 'complementary' ? 'complementary' : 'below_minimum' };
        }
        const members = respondents.filter((r) => inGroup(r.atom, group.filter));
        return { value, available: true, ...headlineOf(population, group.key, members, measures) };
      }),
  }));
}

async function mirrorOf(deps: AppDeps, cycle: CycleRow, settings: PlanSettings) {
  if (cycle.with_mirror !== 1) return null;
  // Marketing's self-assessment is shown for the organisation only.
  const population = await loadPopulation(deps, cycle, 'mirror', { ...settings, breakdownAttributes: [] });
  const recorder = new PlanRecorder(population);
  recorder.add('scores', population.plan);
  const releasedAt = releasedAtOf(population.plan, ORG_KEY);
  if (releasedAt === null) {
    await recorder.record(deps);
    return null;
  }
  const respondents = await loadRespondents(deps, population);
  const drivers = await Promise.all(
    driversOf(MIRROR_FORM_ITEMS).map(async (driverId) => {
      const hasScore = (answers: Answers) => respondentDriverScore(answers, driverId) !== null;
      const measure = await measureOf(deps, population, recorder, `driver:${driverId}`, respondents, hasScore);
      const driverAt = measure.releasedAt(ORG_KEY);
      const scores =
        driverAt === null
          ? []
          : countedUpTo(respondents, driverAt)
              .map((r) => respondentDriverScore(r.answers, driverId))
              .filter((v): v is number => v !== null);
      const available = scores.length > 0;
      return { driverId, available, mean: available ? mean(scores) : null };
    }),
  );
  await recorder.record(deps);
  return { n: countedUpTo(respondents, releasedAt).length, drivers };
}

export interface ResultsViewer {
  readonly organisationId: string;
  readonly role: Role;
  readonly teamId: string | null;
}

/**
 * What a viewer may ask of a cycle, as on the dashboard: marketing leads, executives and admins every
 * group; marketers the organisation only; a sales lead their own team only (DESIGN.md, "Who uses it").
 * Breakdowns list every group, so only those who may see every group get them.
 */
function scopeQueryOf(viewer: ResultsViewer, query: ResultsQuery): { query: ResultsQuery; breakdowns: boolean } {
  const scope = dashboardScopeOf(viewer.role);
  const asked = Object.values(filterOf(query)).length > 0;
  if (scope === 'every_group') return { query, breakdowns: true };
  if (scope === 'organisation_only') {
    if (asked) throw forbidden();
    return { query: {}, breakdowns: false };
  }
  if (scope === 'own_team' && viewer.teamId !== null) {
    const { team, ...narrower } = filterOf(query);
    if (Object.keys(narrower).length > 0 || (team !== undefined && team !== viewer.teamId)) throw forbidden();
    return { query: { team: viewer.teamId }, breakdowns: false };
  }
  throw forbidden();
}

/** Results of a cycle; read again when another read opens a later epoch meanwhile. */
export function getCycleResults(
  deps: AppDeps,
  viewer: ResultsViewer,
  cycleId: string,
  asked: ResultsQuery,
): Promise<CycleResults> {
  return retryWhileEpochMovesOn(() => readCycleResults(deps, viewer, cycleId, asked));
}

async function readCycleResults(
  deps: AppDeps,
  viewer: ResultsViewer,
  cycleId: string,
  asked: ResultsQuery,
): Promise<CycleResults> {
  const cycle = await findCycleOrFail(deps, viewer.organisationId, cycleId);
  const { query, breakdowns } = scopeQueryOf(viewer, asked);
  const settings = planSettingsOf(cycle);
  const population = await loadPopulation(deps, cycle, 'sales', settings);
  const { plan, invitees } = population;
  const recorder = new PlanRecorder(population);
  recorder.add('scores', plan);
  const filter = filterOf(query);
  const check = checkEpochFilter(plan, filter);
  if (!check.allowed) {
    await recorder.record(deps);
    return { filter, available: false, reason: check.reason };
  }

  const respondents = await loadRespondents(deps, population);
  const measures = await salesMeasures(deps, cycle, population, recorder, respondents);
  const key = groupKeyOf(filter);
  const members = respondents.filter((r) => inGroup(r.atom, filter));
  const invited = invitees.filter((a) => inGroup(a.atom, filter)).reduce((sum, a) => sum + a.respondents, 0);
  const headline = headlineOf(population, key, members, measures);
  const mirror = await mirrorOf(deps, cycle, settings);
  const results: CycleResults = {
    filter,
    available: true,
    ...headline,
    invited,
    responseRate: invited > 0 ? headline.n / invited : null,
    drivers: measures.drivers.map(({ driverId, measure }) => {
      const releasedAt = measure.releasedAt(key);
      if (releasedAt === null) return { driverId, available: false, mean: null, favourableShare: null };
      const scores = countedUpTo(members, releasedAt)
        .map((m) => respondentDriverScore(m.answers, driverId))
        .filter((v): v is number => v !== null);
      return {
        driverId,
        available: true,
        mean: mean(scores),
        favourableShare: scores.filter((score) => score >= 4).length / scores.length,
      };
    }),
    statements: measures.statements.map(({ itemId, measure }) => {
      const releasedAt = measure.releasedAt(key);
      if (releasedAt === null) return { itemId, available: false, mean: null, favourableShare: null };
      const score = scoreStatement(countedUpTo(members, releasedAt).map((m) => m.answers[itemId as keyof Answers] ?? null));
      return { itemId, available: true, mean: score.mean, favourableShare: score.favourableShare };
    }),
    breakdowns: breakdowns ? breakdownsOf(settings, population, respondents, measures) : [],
    mirror,
  };
  // Recorded before anything computed from the plans leaves: later epochs are planned with them pinned.
  await recorder.record(deps);
  return results;
}

const OPEN_ITEM_IDS = ['OPEN1', 'OPEN2'];

/** Comments of a cycle; read again when another read opens a later epoch meanwhile. */
export function getCycleComments(
  deps: AppDeps,
  viewer: ResultsViewer,
  cycleId: string,
  asked: ResultsQuery,
): Promise<CycleComments> {
  return retryWhileEpochMovesOn(() => readCycleComments(deps, viewer, cycleId, asked));
}

async function readCycleComments(
  deps: AppDeps,
  viewer: ResultsViewer,
  cycleId: string,
  asked: ResultsQuery,
): Promise<CycleComments> {
  const cycle = await findCycleOrFail(deps, viewer.organisationId, cycleId);
  const { query } = scopeQueryOf(viewer, asked);
  const population = await loadPopulation(deps, cycle, 'sales', planSettingsOf(cycle));
  const recorder = new PlanRecorder(population);
  recorder.add('scores', population.plan);
  const pinned = await loadPinnedSets(deps.database.db, cycle.id, 'sales', 'comments', population.epoch);
  const commentPlan = recorder.add('comments', planEpochCommentRelease(population.plan, pinned));
  const filter = filterOf(query);
  const check = checkEpochFilter(commentPlan, filter);
  const releasedAt = releasedAtOf(commentPlan, groupKeyOf(filter));
  if (!check.allowed || releasedAt === null) {
    await recorder.record(deps);
    return { filter, available: false, reason: check.allowed ? 'below_minimum' : check.reason };
  }
  const rows = await repo.findOpenAnswerTexts(deps.database.db, cycle.id, OPEN_ITEM_IDS, filter);
  // The group's comments as released: texts of its responses counted up to the comment plan's epoch.
  const shown = rows.filter((row) => row.release_epoch !== null && row.release_epoch <= releasedAt);
  await recorder.record(deps);
  return {
    filter,
    available: true,
    comments: shuffleComments(shown.map((row) => ({ itemId: row.item_id, text: row.text ?? '' }))),
  };
}
