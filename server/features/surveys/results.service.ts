/**
 * Results of a cycle. Every figure passes the anonymity plan (anonymity.md): the cycle's plan decides
 * which groups may show anything, and each figure whose set of respondents shrinks ("can't judge",
 * skipped questions) passes its own plan on the valid answers. Nothing here builds its own groups.
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
  checkFilter,
  type GroupFilter,
  groupKeyOf,
  ORG_KEY,
  type PrivacySettings as PlanSettings,
  planCommentRelease,
  planRelease,
  planStatementRelease,
  type ReleasePlan,
  shuffleComments,
} from '../../lib/anonymity/index.js';
import { dashboardScopeOf } from '../../policies/access.js';
import { planSettingsOf } from './cycle-settings.js';
import * as repo from './surveys.repository.js';

type SurveyForm = 'sales' | 'mirror';
type CycleRow = Selectable<SurveyCyclesTable>;

interface Respondent {
  readonly atom: AtomKey;
  readonly answers: Answers;
}

interface Population {
  readonly plan: ReleasePlan;
  /** Invited people per atom, every atom of the invitees (with 0 respondents where nobody answered). */
  readonly invitees: readonly AtomCount[];
}

const atomIdentity = (atom: AtomKey) => JSON.stringify([atom.region, atom.team, atom.tenureBand, atom.role]);

function inGroup(atom: AtomKey, filter: GroupFilter): boolean {
  return ATTRIBUTES.every((attribute) => filter[attribute] === undefined || atom[attribute] === filter[attribute]);
}

async function findCycleOrFail(deps: AppDeps, organisationId: string, cycleId: string) {
  const cycle = await repo.findCycle(deps.database.db, organisationId, cycleId);
  if (!cycle) throw notFound('Survey cycle');
  return cycle;
}

/** The plan over the atoms of everyone invited to one form, so that a withheld group says nothing about who answered. */
async function loadPopulation(deps: AppDeps, cycleId: string, form: SurveyForm, settings: PlanSettings): Promise<Population> {
  const { db } = deps.database;
  const [invited, answered] = await Promise.all([
    repo.countInviteesByAtom(db, cycleId, form),
    repo.countRespondentsByAtom(db, cycleId, form),
  ]);
  const atoms = new Map<string, { atom: AtomKey; respondents: number }>();
  const invitees: AtomCount[] = [];
  for (const row of invited) {
    const atom = { region: row.atom_region, team: row.atom_team_id, tenureBand: row.atom_tenure_band, role: row.atom_role };
    atoms.set(atomIdentity(atom), { atom, respondents: 0 });
    invitees.push({ atom, respondents: Number(row.invited) });
  }
  for (const row of answered) {
    const atom = { region: row.region, team: row.team_id, tenureBand: row.tenure_band, role: row.role };
    const entry = atoms.get(atomIdentity(atom));
    if (entry) entry.respondents += Number(row.respondents);
    else atoms.set(atomIdentity(atom), { atom, respondents: Number(row.respondents) });
  }
  return { plan: planRelease([...atoms.values()], settings), invitees };
}

async function loadRespondents(deps: AppDeps, cycleId: string, form: SurveyForm): Promise<Respondent[]> {
  const rows = await repo.findNumericAnswers(deps.database.db, cycleId, form, {});
  const byResponse = new Map<string, { atom: AtomKey; answers: Record<string, number> }>();
  for (const row of rows) {
    let respondent = byResponse.get(row.response_id);
    if (!respondent) {
      respondent = {
        atom: { region: row.region, team: row.team_id, tenureBand: row.tenure_band, role: row.role },
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

/**
 * A figure computed from the respondents who have a value for it: its own plan on those counts per atom,
 * derived from the cycle's plan, so that it releases a subset of what the cycle releases.
 */
class Measure {
  readonly plan: ReleasePlan;
  constructor(
    cyclePlan: ReleasePlan,
    respondents: readonly Respondent[],
    readonly hasValue: (answers: Answers) => boolean,
  ) {
    const counts = new Map<string, { atom: AtomKey; respondents: number }>();
    for (const respondent of respondents) {
      if (!hasValue(respondent.answers)) continue;
      const key = atomIdentity(respondent.atom);
      const entry = counts.get(key);
      if (entry) entry.respondents += 1;
      else counts.set(key, { atom: respondent.atom, respondents: 1 });
    }
    this.plan = planStatementRelease(cyclePlan, [...counts.values()]);
  }
  releases(groupKey: string) {
    return this.plan.released.has(groupKey);
  }
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

function salesMeasures(cycle: CycleRow, plan: ReleasePlan, respondents: readonly Respondent[]): SalesMeasures {
  const items = itemsOfForm(cycle.form, cycle.pulse_index ?? 0);
  return {
    trust: new Measure(plan, respondents, (answers) => respondentTrustIndex(answers) !== null),
    inps: new Measure(plan, respondents, (answers) => typeof answers.INPS === 'number'),
    drivers: driversOf(items).map((driverId) => ({
      driverId,
      measure: new Measure(plan, respondents, (answers) => respondentDriverScore(answers, driverId) !== null),
    })),
    statements: items
      .filter((item) => item.kind === 'likert')
      .map((item) => ({
        itemId: item.id,
        measure: new Measure(plan, respondents, (answers) => typeof answers[item.id] === 'number'),
      })),
  };
}

function headlineOf(groupKey: string, members: readonly Respondent[], measures: SalesMeasures) {
  const trust = members.map((m) => respondentTrustIndex(m.answers)).filter((v): v is number => v !== null);
  return {
    n: members.length,
    trustIndex: measures.trust.releases(groupKey) && trust.length > 0 ? mean(trust) : null,
    inps: measures.inps.releases(groupKey) ? scoreInps(members.map((m) => m.answers.INPS ?? null)).value : null,
  };
}

function breakdownsOf(
  settings: PlanSettings,
  plan: ReleasePlan,
  respondents: readonly Respondent[],
  measures: SalesMeasures,
): Extract<CycleResults, { available: true }>['breakdowns'] {
  return BREAKDOWN_ATTRIBUTES.filter((attribute) => settings.breakdownAttributes.includes(attribute)).map((attribute) => ({
    attribute,
    groups: plan.groups
      .filter((group) => {
        const attributes = Object.keys(group.filter);
        return attributes.length === 1 && attributes[0] === attribute;
      })
      .map((group): BreakdownGroup => {
        const value = group.filter[attribute] as string;
        const check = checkFilter(plan, group.filter);
        if (!check.allowed) {
          return { value, available: false, reason: check.reason === 'below_minimum' ? 'below_minimum' : 'complementary' };
        }
        const members = respondents.filter((r) => inGroup(r.atom, group.filter));
        return { value, available: true, ...headlineOf(group.key, members, measures) };
      }),
  }));
}

async function mirrorOf(deps: AppDeps, cycle: CycleRow, settings: PlanSettings) {
  if (cycle.with_mirror !== 1) return null;
  // Marketing's self-assessment is shown for the organisation only.
  const { plan } = await loadPopulation(deps, cycle.id, 'mirror', { ...settings, breakdownAttributes: [] });
  if (!plan.released.has(ORG_KEY)) return null;
  const respondents = await loadRespondents(deps, cycle.id, 'mirror');
  return {
    n: respondents.length,
    drivers: driversOf(MIRROR_FORM_ITEMS).map((driverId) => {
      const measure = new Measure(plan, respondents, (answers) => respondentDriverScore(answers, driverId) !== null);
      const scores = respondents.map((r) => respondentDriverScore(r.answers, driverId)).filter((v): v is number => v !== null);
      const available = measure.releases(ORG_KEY) && scores.length > 0;
      return { driverId, available, mean: available ? mean(scores) : null };
    }),
  };
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

export async function getCycleResults(
  deps: AppDeps,
  viewer: ResultsViewer,
  cycleId: string,
  asked: ResultsQuery,
): Promise<CycleResults> {
  const cycle = await findCycleOrFail(deps, viewer.organisationId, cycleId);
  const { query, breakdowns } = scopeQueryOf(viewer, asked);
  const settings = planSettingsOf(cycle);
  const { plan, invitees } = await loadPopulation(deps, cycle.id, 'sales', settings);
  const filter = filterOf(query);
  const check = checkFilter(plan, filter);
  if (!check.allowed) return { filter, available: false, reason: check.reason };

  const respondents = await loadRespondents(deps, cycle.id, 'sales');
  const measures = salesMeasures(cycle, plan, respondents);
  const key = groupKeyOf(filter);
  const members = respondents.filter((r) => inGroup(r.atom, filter));
  const invited = invitees.filter((a) => inGroup(a.atom, filter)).reduce((sum, a) => sum + a.respondents, 0);
  const headline = headlineOf(key, members, measures);
  return {
    filter,
    available: true,
    ...headline,
    invited,
    responseRate: invited > 0 ? headline.n / invited : null,
    drivers: measures.drivers.map(({ driverId, measure }) => {
      if (!measure.releases(key)) return { driverId, available: false, mean: null, favourableShare: null };
      const scores = members.map((m) => respondentDriverScore(m.answers, driverId)).filter((v): v is number => v !== null);
      return {
        driverId,
        available: true,
        mean: mean(scores),
        favourableShare: scores.filter((score) => score >= 4).length / scores.length,
      };
    }),
    statements: measures.statements.map(({ itemId, measure }) => {
      if (!measure.releases(key)) return { itemId, available: false, mean: null, favourableShare: null };
      const score = scoreStatement(members.map((m) => m.answers[itemId as keyof Answers] ?? null));
      return { itemId, available: true, mean: score.mean, favourableShare: score.favourableShare };
    }),
    breakdowns: breakdowns ? breakdownsOf(settings, plan, respondents, measures) : [],
    mirror: await mirrorOf(deps, cycle, settings),
  };
}

const OPEN_ITEM_IDS = ['OPEN1', 'OPEN2'];

export async function getCycleComments(
  deps: AppDeps,
  viewer: ResultsViewer,
  cycleId: string,
  asked: ResultsQuery,
): Promise<CycleComments> {
  const cycle = await findCycleOrFail(deps, viewer.organisationId, cycleId);
  const { query } = scopeQueryOf(viewer, asked);
  const { plan } = await loadPopulation(deps, cycle.id, 'sales', planSettingsOf(cycle));
  const filter = filterOf(query);
  const check = checkFilter(planCommentRelease(plan), filter);
  if (!check.allowed) return { filter, available: false, reason: check.reason };
  const rows = await repo.findOpenAnswerTexts(deps.database.db, cycle.id, OPEN_ITEM_IDS, filter);
  return {
    filter,
    available: true,
    comments: shuffleComments(rows.map((row) => ({ itemId: row.item_id, text: row.text ?? '' }))),
  };
}
