/**
 * What the dashboard may show of each group of one cycle's form: the verdict of the cycle's epoch plan
 * (decision 0013), which figures' own plans withhold the group, the epoch each figure is released at, and
 * the group's summed moments at those epochs. A group's figure for a measure is the sum of its units
 * (atom × release epoch) up to the epoch that measure's plan releases it at, so a group read again after
 * one more answer shows the same figure until enough others answered with that one. While a cycle is open
 * this is worked out from its counted answers on each request, after opening a new epoch if enough
 * answers are pending. A closed cycle's never changes, so it is worked out once (when the cycle closes,
 * or on the first read of a cycle closed before this existed), from the plans of its final epoch, and
 * stored per released group; a read then only looks rows up.
 * See docs/decisions/0007-dashboard-statistics.md and 0013-figures-of-an-open-cycle-over-time.md.
 */

import type { AppDeps } from '../../deps.js';
import {
  type AtomKey,
  checkEpochFilter,
  type EpochReleasePlan,
  type EpochSet,
  type FilterRefusal,
  type GroupFilter,
  groupKeyOf,
  type PrivacySettings as PlanSettings,
  planEpochRelease,
  planEpochStatementRelease,
  WIDENED,
  type WithheldReason,
} from '../../lib/anonymity/index.js';
import {
  emptyMoments,
  type InpsMoment,
  type Moment,
  type MomentLayout,
  type Moments,
  sumMoments,
} from '../../lib/stats/moments.js';
import { NO_TEAM } from '../surveys/atoms.js';
import { advanceReleaseEpoch, loadEpochDays, recordReleasedSets, retryWhileEpochMovesOn } from '../surveys/release-epochs.js';
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
  /** For an allowed group: the epoch the cycle's plan releases it at (its respondents and "as of"); null otherwise. */
  readonly releasedAt: number | null;
  /** For an allowed group: the figures whose own plan releases it at an earlier epoch than `releasedAt`. */
  readonly measureEpochs: Readonly<Record<string, number>>;
  /** Respondents in an allowed group counted up to `releasedAt` (0 otherwise). */
  readonly respondents: number;
  /** Summed headline moments of an allowed group, each at its figure's epoch (empty where withheld); null otherwise. */
  readonly headline: GroupHeadline | null;
}

/** Whether a figure of the group may be shown: the group passes the filter check and the figure's plan. */
export function releases(group: GroupFigures, measure: string): boolean {
  return group.check.allowed && group.withheld[measure] === undefined;
}

/** The epoch a figure of the group is shown at, or null where it is not shown. */
export function epochOf(group: GroupFigures, measure: string): number | null {
  if (!releases(group, measure) || group.releasedAt === null) return null;
  return group.measureEpochs[measure] ?? group.releasedAt;
}

function refusedGroup(key: string, reason: FilterRefusal): GroupFigures {
  return {
    key,
    check: { allowed: false, reason },
    withheld: {},
    releasedAt: null,
    measureEpochs: {},
    respondents: 0,
    headline: null,
  };
}

/** Settings that change a plan: k and the breakdowns (the comment minimum plays no part in figures). */
function settingsKeyOf(settings: PlanSettings): string {
  return JSON.stringify([settings.k, [...settings.breakdownAttributes].sort(), settings.combinations ?? null]);
}

// ---------- the figures' own plans ----------

/** The name of the cycle's plan among the released sets: every other plan is derived from it. */
const SCORES = 'scores';

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

/** The epoch to plan: the latest one opened, or a later one whose answers another read stamped meanwhile. */
function latestEpochOf(days: ReadonlyMap<number, string>, units: readonly AtomStatistics[]): number {
  let latest = 0;
  for (const epoch of days.keys()) latest = Math.max(latest, epoch);
  for (const unit of units) latest = Math.max(latest, unit.epoch);
  return latest;
}

/**
 * A cycle's form with the plans of one epoch, worked out from its units. Made by `planCycle`, which
 * records every set these plans release at this epoch before anything is computed from them.
 */
class LiveCycle {
  readonly layout: MomentLayout;
  /** Units by attribute and value, in unit order: a cycle has thousands of groups over thousands of atoms. */
  private readonly atomIndex = new Map<string, AtomStatistics[]>();
  constructor(
    private readonly deps: AppDeps,
    readonly cycle: CycleRow,
    readonly form: SurveyForm,
    readonly atoms: readonly AtomStatistics[],
    readonly plan: EpochReleasePlan,
    /** The plan of each measure (measuresOf), derived from `plan`. */
    private readonly measurePlans: ReadonlyMap<string, EpochReleasePlan>,
    /** Whether to keep sums in the instance's memory: not while storing a whole cycle. */
    private readonly remember: boolean,
  ) {
    this.layout = layoutOfCycle(cycle, form);
    for (const entry of atoms) {
      for (const attribute of ATOM_ATTRIBUTES) {
        const indexKey = `${attribute}=${entry.atom[attribute]}`;
        const list = this.atomIndex.get(indexKey);
        if (list) list.push(entry);
        else this.atomIndex.set(indexKey, [entry]);
      }
    }
  }

  private derived<T>(key: string, compute: () => T): T {
    return this.remember ? rememberDerived(this.deps, this.cycle, 'groups', key, compute) : compute();
  }

  /** The units of the group, in unit order (as atoms.filter would give them, so sums add in the same order). */
  members(filter: GroupFilter): AtomStatistics[] {
    const attributes = Object.keys(filter) as (keyof GroupFilter)[];
    const first = attributes[0];
    if (first === undefined) return [...this.atoms];
    const candidates = this.atomIndex.get(`${first}=${filter[first]}`) ?? [];
    return attributes.length === 1 ? [...candidates] : candidates.filter((entry) => inGroup(entry.atom, filter));
  }

  figuresOf(filter: GroupFilter): GroupFigures {
    const key = groupKeyOf(filter);
    const check = checkEpochFilter(this.plan, filter);
    if (!check.allowed) return refusedGroup(key, check.reason);
    const releasedAt = this.plan.releases.get(key)?.releasedAt as number;
    const withheld: Record<string, WithheldReason> = {};
    const measureEpochs: Record<string, number> = {};
    for (const [name, plan] of this.measurePlans) {
      const release = plan.releases.get(key);
      if (!release || release.releasedAt === null) withheld[name] = release?.reason ?? 'below_minimum';
      else if (release.releasedAt !== releasedAt) measureEpochs[name] = release.releasedAt;
    }
    const members = this.members(filter);
    const figures: GroupFigures = {
      key,
      check: { allowed: true },
      withheld,
      releasedAt,
      measureEpochs,
      respondents: members.reduce((sum, entry) => sum + (entry.epoch <= releasedAt ? entry.respondents : 0), 0),
      headline: null,
    };
    return { ...figures, headline: headlineOf(this.layout, members, (measure) => epochOf(figures, measure)) };
  }

  /** The full moments of an allowed group, each figure summed up to its own epoch (empty where withheld). */
  momentsOf(filter: GroupFilter): Moments {
    const figures = this.figuresOf(filter);
    if (!figures.check.allowed) throw new RangeError(`group ${figures.key} is not released in cycle ${this.cycle.id}`);
    return this.derived(`${this.form}|group|${figures.key}`, () =>
      composeMoments(this.layout, this.members(filter), figures.releasedAt as number, (measure) => epochOf(figures, measure)),
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

/**
 * Plans the cycle's form at `epoch` with every set released at an earlier epoch pinned (each plan its
 * own), and records the sets these plans release at this epoch before returning: from the next epoch on
 * they are pinned too. Plans are deterministic given the units, settings, epoch and pinned sets, so the
 * cycle results and the dashboard planning the same epoch agree, and recording again changes nothing.
 */
async function planCycle(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  atoms: readonly AtomStatistics[],
  settings: PlanSettings,
  epoch: number,
  remember: boolean,
): Promise<LiveCycle> {
  const { db } = deps.database;
  const pinned = new Map<string, EpochSet[]>();
  const recorded = new Map<string, Set<string>>();
  for (const row of await repo.findReleasedSetsUpTo(db, cycle.id, form, epoch)) {
    const setEpoch = Number(row.epoch);
    if (setEpoch < epoch) {
      const list = pinned.get(row.measure);
      if (list) list.push({ groupKey: row.group_key, epoch: setEpoch });
      else pinned.set(row.measure, [{ groupKey: row.group_key, epoch: setEpoch }]);
    } else {
      const keys = recorded.get(row.measure);
      if (keys) keys.add(row.group_key);
      else recorded.set(row.measure, new Set([row.group_key]));
    }
  }
  const plan = planEpochRelease({
    units: atoms
      .filter((entry) => entry.respondents > 0)
      .map((entry) => ({ atom: entry.atom, epoch: entry.epoch, respondents: entry.respondents })),
    settings,
    epoch,
    pinned: pinned.get(SCORES) ?? [],
    invitedAtoms: atoms.map((entry) => entry.atom),
  });
  const measurePlans = new Map<string, EpochReleasePlan>();
  for (const measure of measuresOf(layoutOfCycle(cycle, form))) {
    measurePlans.set(
      measure.name,
      planEpochStatementRelease(
        plan,
        atoms
          .filter((entry) => measure.count(entry) > 0)
          .map((entry) => ({ atom: entry.atom, epoch: entry.epoch, respondents: measure.count(entry) })),
        pinned.get(measure.name) ?? [],
      ),
    );
  }
  for (const [measure, measurePlan] of [[SCORES, plan] as const, ...measurePlans]) {
    const known = recorded.get(measure);
    const unrecorded = measurePlan.newlyReleased.filter((set) => !known?.has(set.groupKey));
    await recordReleasedSets(db, cycle.id, form, measure, unrecorded);
  }
  return new LiveCycle(deps, cycle, form, atoms, plan, measurePlans, remember);
}

type Sums<T> = { -readonly [K in keyof T]: number };

function addMomentInto(target: Sums<Moment>, addend: Moment) {
  target.n += addend.n;
  target.sum += addend.sum;
  target.sumSquares += addend.sumSquares;
}

/** The epoch a figure of a group is shown at, or null where it is withheld. */
type EpochOfMeasure = (measure: string) => number | null;

/**
 * Sums of the members' headline moments, each figure over the units up to its epoch (none where it is
 * withheld), added into one accumulator per figure in member order.
 */
function headlineOf(layout: MomentLayout, members: readonly AtomStatistics[], epochOfMeasure: EpochOfMeasure): GroupHeadline {
  const trustIndex: Sums<Moment> = { n: 0, sum: 0, sumSquares: 0 };
  const inps: Sums<InpsMoment> = { n: 0, sum: 0, sumSquares: 0, promoters: 0, detractors: 0 };
  const drivers: Record<string, Sums<Moment>> = Object.fromEntries(
    layout.drivers.map((driver) => [driver, { n: 0, sum: 0, sumSquares: 0 }]),
  );
  const trustEpoch = epochOfMeasure('trust');
  const inpsEpoch = epochOfMeasure('inps');
  const driverEpochs = layout.drivers.map((driver) => epochOfMeasure(`driver:${driver}`));
  const within = (entry: AtomStatistics, epoch: number | null) => epoch !== null && entry.epoch <= epoch;
  for (const entry of members) {
    if (within(entry, trustEpoch)) addMomentInto(trustIndex, entry.headline.trustIndex);
    if (within(entry, inpsEpoch)) {
      const atomInps = entry.headline.inps;
      addMomentInto(inps, atomInps);
      inps.promoters += atomInps.promoters;
      inps.detractors += atomInps.detractors;
    }
    layout.drivers.forEach((driver, index) => {
      const moment = entry.moments?.drivers[driver];
      if (moment && within(entry, driverEpochs[index] as number | null)) addMomentInto(drivers[driver] as Sums<Moment>, moment);
    });
  }
  return { trustIndex, inps, drivers };
}

/**
 * A group's full moments with each figure summed over the units up to its own epoch: the figures of one
 * group can stand at different epochs where a figure's own plan kept an earlier release. Respondents and
 * the pairwise statistics (shown nowhere on their own) are those of the group's release.
 */
function composeMoments(
  layout: MomentLayout,
  members: readonly AtomStatistics[],
  releasedAt: number,
  epochOfMeasure: EpochOfMeasure,
): Moments {
  const sums = new Map<number, Moments>();
  const empty = emptyMoments(layout);
  const upTo = (epoch: number | null): Moments => {
    if (epoch === null) return empty;
    let sum = sums.get(epoch);
    if (!sum) {
      sum = sumMoments(
        layout,
        members.flatMap((entry) => (entry.moments && entry.epoch <= epoch ? [entry.moments] : [])),
      );
      sums.set(epoch, sum);
    }
    return sum;
  };
  const released = upTo(releasedAt);
  return {
    layout,
    respondents: released.respondents,
    trustIndex: upTo(epochOfMeasure('trust')).trustIndex,
    inps: upTo(epochOfMeasure('inps')).inps,
    drivers: Object.fromEntries(
      layout.drivers.map((driver) => [
        driver,
        upTo(epochOfMeasure(`driver:${driver}`)).drivers[driver] as Moments['drivers'][string],
      ]),
    ),
    statements: Object.fromEntries(
      layout.statements.map((itemId) => [
        itemId,
        upTo(epochOfMeasure(`statement:${itemId}`)).statements[itemId] as Moments['statements'][string],
      ]),
    ),
    pairs: released.pairs,
    keyDrivers: upTo(epochOfMeasure('key-drivers')).keyDrivers,
    reliability: Object.fromEntries(
      Object.keys(layout.constructs).map((construct) => [
        construct,
        upTo(epochOfMeasure(`alpha:${construct}`)).reliability[construct] as Moments['reliability'][string],
      ]),
    ),
  };
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
  /** The day of each epoch of the cycle's form. */
  readonly days: ReadonlyMap<number, string>;
}

interface StoredMarker {
  readonly refusals: Record<string, FilterRefusal>;
  readonly teams: TeamOfCycle[];
}

function figuresOfStoredRow(row: {
  group_key: string;
  withheld: string;
  respondents: number;
  headline: string;
  released_at: number;
  measure_epochs: string;
}): GroupFigures {
  return {
    key: row.group_key,
    check: { allowed: true },
    withheld: JSON.parse(row.withheld) as Record<string, WithheldReason>,
    releasedAt: Number(row.released_at),
    measureEpochs: JSON.parse(row.measure_epochs) as Record<string, number>,
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
  const [atoms, days] = await Promise.all([
    loadCycleAtoms(deps, cycle, form, respondents),
    loadEpochDays(deps.database.db, cycle.id, form),
  ]);
  // The final epoch's plans: closing counted every answer left pending in one more epoch.
  const live = await planCycle(deps, cycle, form, atoms, settings, latestEpochOf(days, atoms), false);
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
      released_at: figures.releasedAt as number,
      measure_epochs: JSON.stringify(figures.measureEpochs),
    });
  }
  const teams = live.teams();
  return {
    live,
    summary: { allowed, refusals, teams, days },
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
    const [rows, days] = await Promise.all([
      repo.findGroupHeadlines(db, cycle.organisation_id, [cycle.id], form, settingsKey),
      loadEpochDays(db, cycle.id, form),
    ]);
    const { refusals, teams } = JSON.parse(marker) as StoredMarker;
    summary = { allowed: new Map(rows.map((row) => [row.group_key, figuresOfStoredRow(row)])), refusals, teams, days };
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
  /** The day of each release epoch of the cycle's form, for "includes answers up to <day>". */
  readonly days: ReadonlyMap<number, string>;
}

/** The day of the epoch a group's figures are from ("includes answers up to"), or null where it shows nothing. */
export function asOfOf(figures: Pick<CycleFigures, 'days'>, group: GroupFigures): string | null {
  return group.releasedAt === null ? null : (figures.days.get(group.releasedAt) ?? null);
}

/** The day of the cycle's latest epoch: a group whose figures are older says so. */
export function latestAsOfOf(figures: Pick<CycleFigures, 'days'>): string | null {
  let latest: number | null = null;
  for (const epoch of figures.days.keys()) if (latest === null || epoch > latest) latest = epoch;
  return latest === null ? null : (figures.days.get(latest) ?? null);
}

/**
 * A cycle's figures for the dashboard. An open cycle's read starts again when another read opens a later
 * epoch while this one plans (release-epochs.ts).
 */
export function loadCycleFigures(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  settings: PlanSettings,
): Promise<CycleFigures> {
  return retryWhileEpochMovesOn(() => loadCycleFiguresOnce(deps, cycle, form, settings));
}

async function loadCycleFiguresOnce(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  settings: PlanSettings,
): Promise<CycleFigures> {
  const layout = layoutOfCycle(cycle, form);
  const settingsKey = settingsKeyOf(settings);
  if (cycle.status !== 'closed') {
    const { db } = deps.database;
    // A read that finds enough answers pending opens the next epoch; otherwise it plans the latest one.
    await advanceReleaseEpoch(db, cycle, form);
    const [atoms, days] = await Promise.all([loadCycleAtoms(deps, cycle, form), loadEpochDays(db, cycle.id, form)]);
    const live = await planCycle(deps, cycle, form, atoms, settings, latestEpochOf(days, atoms), true);
    return {
      cycle,
      form,
      layout,
      figuresOf: async (filter) => live.figuresOf(filter),
      momentsOf: async (filter) => live.momentsOf(filter),
      teams: () => live.teams(),
      days,
    };
  }
  const summary = await loadSummary(deps, cycle, form, settings);
  return {
    cycle,
    form,
    layout,
    days: summary.days,
    async figuresOf(filter) {
      const key = groupKeyOf(filter);
      const found = summary.allowed.get(key);
      if (found) return found;
      const reason = summary.refusals[key];
      if (reason) return refusedGroup(key, reason);
      // Not a candidate group of the cycle (a shape not offered, a value nobody has): the plan says why.
      const atoms = await loadCycleAtoms(deps, cycle, form);
      const live = await planCycle(deps, cycle, form, atoms, settings, latestEpochOf(summary.days, atoms), true);
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
        figures = row ? figuresOfStoredRow(row) : refusedGroup(key, 'below_minimum');
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
    days: summary.days,
    async figuresOf(filter) {
      const key = groupKeyOf(filter);
      const found = summary.allowed.get(key);
      if (found) return found;
      const reason = summary.refusals[key];
      if (reason) return refusedGroup(key, reason);
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
