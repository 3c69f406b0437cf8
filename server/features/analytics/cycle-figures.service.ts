/**
 * What the dashboard may show of each group of one cycle's form: the verdict of checkFilter on the
 * cycle's plan, which figures' own plans withhold the group, and the group's summed moments. While a
 * cycle is open this is worked out from its answers on each request. A closed cycle's never changes, so
 * it is worked out once (when the cycle closes, or on the first read of a cycle closed before this
 * existed), from the same plans, and stored per released group; a read then only looks rows up.
 * See docs/decisions/0007-dashboard-statistics.md.
 */

import type { AppDeps } from '../../deps.js';
import {
  type AtomCount,
  type AtomKey,
  checkFilter,
  type FilterRefusal,
  type GroupFilter,
  groupKeyOf,
  type PrivacySettings as PlanSettings,
  planRelease,
  planStatementRelease,
  type ReleasePlan,
  WIDENED,
  type WithheldReason,
} from '../../lib/anonymity/index.js';
import { type InpsMoment, type Moment, type MomentLayout, type Moments, sumMoments } from '../../lib/stats/moments.js';
import { NO_TEAM } from '../surveys/atoms.js';
import * as repo from './analytics.repository.js';
import {
  type AtomStatistics,
  type CycleRow,
  keepDerived,
  layoutOfCycle,
  loadCycleAtoms,
  type RespondentsLoader,
  recallDerived,
  rememberDerived,
  type SurveyForm,
} from './statistics.service.js';

/** The sums a trend, a heatmap row or a change interval reads; the full moments are read on their own. */
export interface GroupHeadline {
  readonly trustIndex: Moment;
  readonly inps: InpsMoment;
  readonly drivers: Readonly<Record<string, Moment>>;
}

export type GroupCheck = { readonly allowed: true } | { readonly allowed: false; readonly reason: FilterRefusal };

export interface GroupFigures {
  readonly key: string;
  readonly check: GroupCheck;
  /** For an allowed group: the figures whose own plan withholds it, with that plan's reason. */
  readonly withheld: Readonly<Record<string, WithheldReason>>;
  /** Respondents in an allowed group (0 otherwise). */
  readonly respondents: number;
  /** Summed headline moments of an allowed group; null otherwise. */
  readonly headline: GroupHeadline | null;
}

/** Whether a figure of the group may be shown: the group passes the filter check and the figure's plan. */
export function releases(group: GroupFigures, measure: string): boolean {
  return group.check.allowed && group.withheld[measure] === undefined;
}

/** Settings that change a plan: k and the breakdowns (the comment minimum plays no part in figures). */
function settingsKeyOf(settings: PlanSettings): string {
  return JSON.stringify([settings.k, [...settings.breakdownAttributes].sort(), settings.combinations ?? null]);
}

// ---------- the figures' own plans ----------

interface Measure {
  readonly name: string;
  readonly count: (entry: AtomStatistics) => number;
}

/** Every figure whose set of respondents can shrink below the cycle's: each gets its own plan. */
function measuresOf(layout: MomentLayout): Measure[] {
  return [
    { name: 'trust', count: (entry) => entry.headline.trustIndex.n },
    { name: 'inps', count: (entry) => entry.headline.inps.n },
    ...layout.drivers.map((driver) => ({
      name: `driver:${driver}`,
      count: (entry: AtomStatistics) => entry.moments?.drivers[driver]?.n ?? 0,
    })),
    ...layout.statements.map((itemId) => ({
      name: `statement:${itemId}`,
      count: (entry: AtomStatistics) => entry.moments?.statements[itemId]?.n ?? 0,
    })),
    ...Object.keys(layout.constructs).map((construct) => ({
      name: `alpha:${construct}`,
      count: (entry: AtomStatistics) => entry.moments?.reliability[construct]?.n ?? 0,
    })),
    { name: 'key-drivers', count: (entry) => entry.moments?.keyDrivers.n ?? 0 },
  ];
}

const ATOM_ATTRIBUTES = ['team', 'region', 'tenureBand', 'role'] as const satisfies readonly (keyof AtomKey)[];

export function inGroup(atom: AtomKey, filter: GroupFilter): boolean {
  for (const attribute of Object.keys(filter) as (keyof GroupFilter)[]) {
    if (atom[attribute] !== filter[attribute]) return false;
  }
  return true;
}

/** A cycle's form with its plans, worked out from its atom statistics. */
class LiveCycle {
  readonly plan: ReleasePlan;
  readonly layout: MomentLayout;
  private readonly measures: Measure[];
  private readonly measurePlans = new Map<string, ReleasePlan>();
  /** Atoms by attribute and value, in atom order: a cycle has thousands of groups over thousands of atoms. */
  private readonly atomIndex = new Map<string, AtomStatistics[]>();
  constructor(
    private readonly deps: AppDeps,
    readonly cycle: CycleRow,
    readonly form: SurveyForm,
    readonly atoms: readonly AtomStatistics[],
    private readonly settingsKey: string,
    settings: PlanSettings,
    /** Whether to keep plans and sums in the instance's memory: not while storing a whole cycle. */
    private readonly remember: boolean,
  ) {
    this.layout = layoutOfCycle(cycle, form);
    this.measures = measuresOf(this.layout);
    for (const entry of atoms) {
      for (const attribute of ATOM_ATTRIBUTES) {
        const indexKey = `${attribute}=${entry.atom[attribute]}`;
        const list = this.atomIndex.get(indexKey);
        if (list) list.push(entry);
        else this.atomIndex.set(indexKey, [entry]);
      }
    }
    this.plan = this.derived('plans', `${form}|${settingsKey}|plan`, () =>
      planRelease(
        atoms.map((entry): AtomCount => ({ atom: entry.atom, respondents: entry.respondents })),
        settings,
      ),
    );
  }

  private derived<T>(kind: 'plans' | 'groups', key: string, compute: () => T): T {
    return this.remember ? rememberDerived(this.deps, this.cycle, kind, key, compute) : compute();
  }

  private measurePlan(measure: Measure): ReleasePlan {
    let plan = this.measurePlans.get(measure.name);
    if (!plan) {
      plan = this.derived('plans', `${this.form}|${this.settingsKey}|${measure.name}`, () =>
        planStatementRelease(
          this.plan,
          this.atoms
            .filter((entry) => measure.count(entry) > 0)
            .map((entry) => ({ atom: entry.atom, respondents: measure.count(entry) })),
        ),
      );
      this.measurePlans.set(measure.name, plan);
    }
    return plan;
  }

  /** The atoms of the group, in atom order (as atoms.filter would give them, so sums add in the same order). */
  members(filter: GroupFilter): AtomStatistics[] {
    const attributes = Object.keys(filter) as (keyof GroupFilter)[];
    const first = attributes[0];
    if (first === undefined) return [...this.atoms];
    const candidates = this.atomIndex.get(`${first}=${filter[first]}`) ?? [];
    return attributes.length === 1 ? [...candidates] : candidates.filter((entry) => inGroup(entry.atom, filter));
  }

  figuresOf(filter: GroupFilter): GroupFigures {
    const key = groupKeyOf(filter);
    const check = checkFilter(this.plan, filter);
    if (!check.allowed)
      return { key, check: { allowed: false, reason: check.reason }, withheld: {}, respondents: 0, headline: null };
    const withheld: Record<string, WithheldReason> = {};
    for (const measure of this.measures) {
      const plan = this.measurePlan(measure);
      if (!plan.released.has(key)) withheld[measure.name] = plan.withheld.get(key) ?? 'below_minimum';
    }
    const members = this.members(filter);
    return {
      key,
      check: { allowed: true },
      withheld,
      respondents: members.reduce((sum, entry) => sum + entry.respondents, 0),
      headline: headlineOf(this.layout, members),
    };
  }

  momentsOf(filter: GroupFilter): Moments {
    return this.derived('groups', `${this.form}|group|${groupKeyOf(filter)}`, () =>
      sumMoments(
        this.layout,
        this.members(filter).flatMap((entry) => (entry.moments ? [entry.moments] : [])),
      ),
    );
  }

  /** Teams with anyone invited, with their region, for the heatmap. */
  teams(): TeamOfCycle[] {
    const teams = new Map<string, string>();
    for (const { atom } of this.atoms) {
      if (atom.team === WIDENED || atom.team === NO_TEAM) continue;
      teams.set(atom.team, atom.region);
    }
    return [...teams].map(([team, region]) => ({ team, region }));
  }
}

type Sums<T> = { -readonly [K in keyof T]: number };

function addMomentInto(target: Sums<Moment>, addend: Moment) {
  target.n += addend.n;
  target.sum += addend.sum;
  target.sumSquares += addend.sumSquares;
}

/** Sums of the members' headline moments, added into one accumulator in member order. */
function headlineOf(layout: MomentLayout, members: readonly AtomStatistics[]): GroupHeadline {
  const trustIndex: Sums<Moment> = { n: 0, sum: 0, sumSquares: 0 };
  const inps: Sums<InpsMoment> = { n: 0, sum: 0, sumSquares: 0, promoters: 0, detractors: 0 };
  const drivers: Record<string, Sums<Moment>> = Object.fromEntries(
    layout.drivers.map((driver) => [driver, { n: 0, sum: 0, sumSquares: 0 }]),
  );
  for (const entry of members) {
    addMomentInto(trustIndex, entry.headline.trustIndex);
    const atomInps = entry.headline.inps;
    addMomentInto(inps, atomInps);
    inps.promoters += atomInps.promoters;
    inps.detractors += atomInps.detractors;
    for (const driver of layout.drivers) {
      const moment = entry.moments?.drivers[driver];
      if (moment) addMomentInto(drivers[driver] as Sums<Moment>, moment);
    }
  }
  return { trustIndex, inps, drivers };
}

export interface TeamOfCycle {
  readonly team: string;
  readonly region: string;
}

// ---------- a closed cycle's stored figures ----------

interface StoredSummary {
  /** Every allowed group of the cycle's form, by key, without its full moments. */
  readonly allowed: ReadonlyMap<string, GroupFigures>;
  readonly refusals: Readonly<Record<string, FilterRefusal>>;
  readonly teams: readonly TeamOfCycle[];
}

interface StoredMarker {
  readonly refusals: Record<string, FilterRefusal>;
  readonly teams: TeamOfCycle[];
}

function figuresOfStoredRow(row: { group_key: string; withheld: string; respondents: number; headline: string }): GroupFigures {
  return {
    key: row.group_key,
    check: { allowed: true },
    withheld: JSON.parse(row.withheld) as Record<string, WithheldReason>,
    respondents: Number(row.respondents),
    headline: JSON.parse(row.headline) as GroupHeadline,
  };
}

/** A closed cycle's form worked out from its statistics, before it is stored. */
interface ComputedFigures {
  readonly live: LiveCycle;
  readonly summary: StoredSummary;
  store(): Promise<void>;
}

/**
 * Works a closed cycle's form out from its statistics: one row per allowed candidate group (its
 * verdicts and sums), then a marker with the refused groups' reasons and the teams. store() writes them
 * in one transaction with insert-or-ignore, so that concurrent writers store it once and readers never
 * see half of it.
 */
async function computeFigures(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  settings: PlanSettings,
  respondents?: RespondentsLoader,
): Promise<ComputedFigures> {
  const settingsKey = settingsKeyOf(settings);
  const atoms = await loadCycleAtoms(deps, cycle, form, respondents);
  const live = new LiveCycle(deps, cycle, form, atoms, settingsKey, settings, false);
  const allowed = new Map<string, GroupFigures>();
  const refusals: Record<string, FilterRefusal> = {};
  const rows: repo.GroupFiguresRow[] = [];
  for (const group of live.plan.groups) {
    const figures = live.figuresOf(group.filter);
    if (!figures.check.allowed) {
      refusals[group.key] = figures.check.reason;
      continue;
    }
    allowed.set(group.key, figures);
    const { layout: _layout, ...moments } = live.momentsOf(group.filter);
    rows.push({
      organisation_id: cycle.organisation_id,
      cycle_id: cycle.id,
      form,
      settings_key: settingsKey,
      group_key: group.key,
      withheld: JSON.stringify(figures.withheld),
      respondents: figures.respondents,
      headline: JSON.stringify(figures.headline),
      moments: JSON.stringify(moments),
    });
  }
  const teams = live.teams();
  return {
    live,
    summary: { allowed, refusals, teams },
    store: () =>
      repo.insertGroupFigures(
        deps.database.db,
        {
          organisation_id: cycle.organisation_id,
          cycle_id: cycle.id,
          form,
          settings_key: settingsKey,
          groups: rows.length,
          marker: JSON.stringify({ refusals, teams } satisfies StoredMarker),
        },
        rows,
      ),
  };
}

async function loadSummary(deps: AppDeps, cycle: CycleRow, form: SurveyForm, settings: PlanSettings): Promise<StoredSummary> {
  const settingsKey = settingsKeyOf(settings);
  const cacheKey = `${form}|${settingsKey}|summary`;
  const remembered = recallDerived<StoredSummary>(deps, cycle, 'plans', cacheKey);
  if (remembered) return remembered;
  const { db } = deps.database;
  const marker = await repo.findGroupFiguresMarker(db, cycle.organisation_id, cycle.id, form, settingsKey);
  let summary: StoredSummary;
  if (marker === null) {
    const computed = await computeFigures(deps, cycle, form, settings);
    await computed.store();
    summary = computed.summary;
  } else {
    const rows = await repo.findGroupHeadlines(db, cycle.organisation_id, [cycle.id], form, settingsKey);
    const { refusals, teams } = JSON.parse(marker) as StoredMarker;
    summary = { allowed: new Map(rows.map((row) => [row.group_key, figuresOfStoredRow(row)])), refusals, teams };
  }
  keepDerived(deps, cycle, 'plans', cacheKey, summary);
  return summary;
}

// ---------- what the dashboard uses ----------

/** One cycle's form as the dashboard reads it, whether open (worked out now) or closed (stored). */
export interface CycleFigures {
  readonly cycle: CycleRow;
  readonly form: SurveyForm;
  readonly layout: MomentLayout;
  figuresOf(filter: GroupFilter): Promise<GroupFigures>;
  /** The full summed moments of a group that passes the filter check. */
  momentsOf(filter: GroupFilter): Promise<Moments>;
  teams(): readonly TeamOfCycle[];
}

export async function loadCycleFigures(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  settings: PlanSettings,
): Promise<CycleFigures> {
  const layout = layoutOfCycle(cycle, form);
  const settingsKey = settingsKeyOf(settings);
  if (cycle.status !== 'closed') {
    const live = new LiveCycle(deps, cycle, form, await loadCycleAtoms(deps, cycle, form), settingsKey, settings, true);
    return {
      cycle,
      form,
      layout,
      figuresOf: async (filter) => live.figuresOf(filter),
      momentsOf: async (filter) => live.momentsOf(filter),
      teams: () => live.teams(),
    };
  }
  const summary = await loadSummary(deps, cycle, form, settings);
  return {
    cycle,
    form,
    layout,
    async figuresOf(filter) {
      const key = groupKeyOf(filter);
      const found = summary.allowed.get(key);
      if (found) return found;
      const reason = summary.refusals[key];
      if (reason) return { key, check: { allowed: false, reason }, withheld: {}, respondents: 0, headline: null };
      // Not a candidate group of the cycle (a shape not offered, a value nobody has): the plan says why.
      const live = new LiveCycle(deps, cycle, form, await loadCycleAtoms(deps, cycle, form), settingsKey, settings, true);
      return live.figuresOf(filter);
    },
    async momentsOf(filter) {
      const key = groupKeyOf(filter);
      return rememberDerived(deps, cycle, 'groups', `${form}|${settingsKey}|moments|${key}`, async () => {
        const stored = await repo.findGroupMoments(deps.database.db, cycle.organisation_id, cycle.id, form, settingsKey, key);
        if (stored === null) throw new RangeError(`group ${key} is not released in cycle ${cycle.id}`);
        return { layout, ...JSON.parse(stored) } as Moments;
      });
    },
    teams: () => summary.teams,
  };
}

/**
 * One group's figures in each of several closed cycles, for a trend: a row per cycle, looked up by the
 * group's key. Cycles without stored figures are worked out and stored first.
 */
export async function loadTrendFigures(
  deps: AppDeps,
  cycles: readonly CycleRow[],
  form: SurveyForm,
  settingsOf: (cycle: CycleRow) => PlanSettings,
  filter: GroupFilter,
): Promise<Map<string, GroupFigures>> {
  const key = groupKeyOf(filter);
  const result = new Map<string, GroupFigures>();
  const unknown: CycleRow[] = [];
  for (const cycle of cycles) {
    const remembered = recallDerived<GroupFigures>(
      deps,
      cycle,
      'groups',
      `${form}|${settingsKeyOf(settingsOf(cycle))}|trend|${key}`,
    );
    if (remembered) result.set(cycle.id, remembered);
    else unknown.push(cycle);
  }
  const bySettings = new Map<string, CycleRow[]>();
  for (const cycle of unknown) {
    const settingsKey = settingsKeyOf(settingsOf(cycle));
    bySettings.set(settingsKey, [...(bySettings.get(settingsKey) ?? []), cycle]);
  }
  const { db } = deps.database;
  for (const [settingsKey, group] of bySettings) {
    const organisationId = (group[0] as CycleRow).organisation_id;
    const ids = group.map((cycle) => cycle.id);
    const stored = await repo.findStoredGroupFiguresCycleIds(db, organisationId, ids, form, settingsKey);
    const rows = await repo.findGroupHeadlineOfCycles(db, organisationId, [...stored], form, settingsKey, key);
    const rowByCycle = new Map(rows.map((row) => [row.cycle_id, row]));
    for (const cycle of group) {
      let figures: GroupFigures;
      if (stored.has(cycle.id)) {
        const row = rowByCycle.get(cycle.id);
        figures = row
          ? figuresOfStoredRow(row)
          : { key, check: { allowed: false, reason: 'below_minimum' }, withheld: {}, respondents: 0, headline: null };
      } else figures = await (await loadCycleFigures(deps, cycle, form, settingsOf(cycle))).figuresOf(filter);
      result.set(cycle.id, figures);
      keepDerived(deps, cycle, 'groups', `${form}|${settingsKey}|trend|${key}`, figures);
    }
  }
  return result;
}

/** The figures of a closed cycle's form, worked out but not stored yet: store() stores them. */
export interface UnstoredCycleFigures extends CycleFigures {
  store(): Promise<void>;
}

/**
 * A closed cycle's figures of one form under the given settings, worked out from its statistics (stored
 * on the way if they were not), so that the caller can read them before storing them; null when they
 * are stored already. Closing a cycle stores what depends on them first, and them last: their marker
 * says that everything of the cycle is stored.
 */
export async function computeClosedCycleFigures(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  settings: PlanSettings,
  respondents?: RespondentsLoader,
): Promise<UnstoredCycleFigures | null> {
  if (cycle.status !== 'closed') throw new RangeError('only a closed cycle has final figures');
  const settingsKey = settingsKeyOf(settings);
  const marker = await repo.findGroupFiguresMarker(deps.database.db, cycle.organisation_id, cycle.id, form, settingsKey);
  if (marker !== null) return null;
  const { live, summary, store } = await computeFigures(deps, cycle, form, settings, respondents);
  return {
    cycle,
    form,
    layout: live.layout,
    async figuresOf(filter) {
      const key = groupKeyOf(filter);
      const found = summary.allowed.get(key);
      if (found) return found;
      const reason = summary.refusals[key];
      if (reason) return { key, check: { allowed: false, reason }, withheld: {}, respondents: 0, headline: null };
      return live.figuresOf(filter);
    },
    momentsOf: async (filter) => live.momentsOf(filter),
    teams: () => summary.teams,
    store,
  };
}

/**
 * Works out and stores a closed cycle's figures of one form under the given settings, unless stored.
 * Safe to run again or next to readers.
 */
export async function storeClosedCycleFigures(deps: AppDeps, cycle: CycleRow, form: SurveyForm, settings: PlanSettings) {
  await (await computeClosedCycleFigures(deps, cycle, form, settings))?.store();
}
