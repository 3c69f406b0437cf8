/**
 * The trust dashboard. Every figure comes from summing per-atom moments (statistics.service.ts) and is
 * released only through the anonymity plan of its cycle, as results.service.ts does: the cycle's plan
 * decides which groups may show anything, and every figure whose set of respondents shrinks (a driver,
 * a statement, the complete cases of the key-driver analysis or of an alpha) passes its own plan on the
 * atom-level counts of that set. Nothing here builds its own groups or decides who may see what.
 * Every figure is its group's figure at the release epoch its plan releases it at (decision 0013,
 * cycle-figures.service.ts), so reading again after one more answer shows nothing that differs by it.
 */
import type { Dashboard, DashboardChange, DashboardQuery, KeyDriverResult } from '../../../common/api/dashboard.js';
import { type ConstructId, DRIVER_IDS, type DriverId, findItem } from '../../../common/instrument/items.js';
import { LEVERS, RECOMMENDATIONS } from '../../../common/instrument/recommendations.js';
import { type Change, focusAreas, respondentDriverScore, respondentTrustIndex } from '../../../common/instrument/scoring.js';
import type { Role } from '../../../common/roles.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../http/errors.js';
import { type GroupFilter, groupKeyOf, type PrivacySettings as PlanSettings } from '../../lib/anonymity/index.js';
import { keyDriverAnalysisOfRowsCooperatively, keyDriverRowOf } from '../../lib/stats/key-drivers.js';
import {
  favourableShareOf,
  inpsCodedMoment,
  inpsOf,
  keyDriverEstimateOfMoments,
  type Moment,
  type Moments,
  meanIntervalOf,
  meanOf,
  reliabilityOfMoments,
  welchChangeOfMoments,
} from '../../lib/stats/moments.js';
import { dashboardScopeOf } from '../../policies/access.js';
import { planSettingsOf } from '../surveys/cycle-settings.js';
import * as repo from './analytics.repository.js';
import {
  asOfOf,
  type CycleFigures,
  computeClosedCycleFigures,
  epochOf,
  type GroupFigures,
  inGroup,
  latestAsOfOf,
  loadCycleFigures,
  loadTrendFigures,
  releases,
  storeClosedCycleFigures,
} from './cycle-figures.service.js';
import { type CycleRow, layoutOfCycle, loadRespondents, type Respondent } from './statistics.service.js';

export interface Viewer {
  readonly organisationId: string;
  readonly role: Role;
  readonly teamId: string | null;
}

type Available = Extract<Dashboard, { available: true }>;

/** Cycles further back than this are left out of the trend: two years of monthly pulses and quarterly checks. */
const TREND_LENGTH = 36;
const BOOTSTRAP_REPLICATES = 1000;

/** The group the viewer asks for, narrowed to what the viewer's role may see; null: nothing to see. */
function filterFor(viewer: Viewer, query: DashboardQuery): GroupFilter | null {
  const asked: { team?: string; region?: string; tenureBand?: string } = {};
  if (query.team !== undefined) asked.team = query.team;
  if (query.region !== undefined) asked.region = query.region;
  if (query.tenureBand !== undefined) asked.tenureBand = query.tenureBand;
  const scope = dashboardScopeOf(viewer.role);
  if (scope === null) throw forbidden();
  if (scope === 'every_group') return asked;
  if (scope === 'organisation_only') {
    if (Object.keys(asked).length > 0) throw forbidden();
    return {};
  }
  // A sales lead: their own team, and nothing narrower or wider.
  if (asked.region !== undefined || asked.tenureBand !== undefined) throw forbidden();
  if (asked.team !== undefined && asked.team !== viewer.teamId) throw forbidden();
  return viewer.teamId === null ? null : { team: viewer.teamId };
}

/** Names of the headline figures' own plans (cycle-figures.service.ts). */
const TRUST = 'trust';
const INPS = 'inps';
const KEY_DRIVERS = 'key-drivers';

function changeOf(previousCycleId: string, change: Change | null): DashboardChange | null {
  if (!change) return null;
  const { difference, lower, upper, isRealChange } = change;
  return { previousCycleId, difference, lower, upper, isRealChange };
}

// ---------- headline of one cycle for a group (trend and change) ----------

interface HeadlineOfGroup {
  readonly cycle: CycleRow;
  readonly released: boolean;
  /** Trust index and coded iNPS moments, null where their own plan withholds the group. */
  readonly trustIndex: Moment | null;
  readonly inps: Moment | null;
  readonly inpsValue: number | null;
}

function headlineOfGroup(cycle: CycleRow, group: GroupFigures): HeadlineOfGroup {
  if (!group.check.allowed || group.headline === null) {
    return { cycle, released: false, trustIndex: null, inps: null, inpsValue: null };
  }
  const { trustIndex: trust, inps } = group.headline;
  const inpsShown = releases(group, INPS) && inps.n > 0;
  return {
    cycle,
    released: true,
    trustIndex: releases(group, TRUST) && trust.n > 0 ? trust : null,
    inps: inpsShown ? inpsCodedMoment(inps) : null,
    inpsValue: inpsShown ? inpsOf(inps).value : null,
  };
}

// ---------- the dashboard ----------

export async function getDashboard(deps: AppDeps, viewer: Viewer, query: DashboardQuery): Promise<Dashboard> {
  const filter = filterFor(viewer, query);
  const { db } = deps.database;
  const cycles = await repo.listCyclesOldestFirst(db, viewer.organisationId);
  let selectedIndex: number;
  if (query.cycleId !== undefined) {
    selectedIndex = cycles.findIndex((cycle) => cycle.id === query.cycleId);
    if (selectedIndex < 0) throw notFound('Survey cycle');
  } else {
    selectedIndex = cycles.findLastIndex((cycle) => cycle.status === 'closed');
  }
  if (filter === null) return { filter: {}, available: false, reason: 'not_offered' };
  if (selectedIndex < 0) return { filter, available: false, reason: 'no_cycle' };
  const cycle = cycles[selectedIndex] as CycleRow;
  // A scheduled cycle has invited nobody yet: there is nothing to show.
  if (cycle.status === 'scheduled') return { filter, available: false, reason: 'no_cycle' };

  const settings = planSettingsOf(cycle);
  const figures = await loadCycleFigures(deps, cycle, 'sales', settings);
  const selected = await figures.figuresOf(filter);
  if (!selected.check.allowed) return { filter, available: false, reason: selected.check.reason };
  const group = await figures.momentsOf(filter);
  const layout = group.layout;

  // Earlier cycles: the trend, and the previous closed cycle for the change intervals.
  const trendCycles = cycles
    .slice(0, selectedIndex + 1)
    .filter((c) => c.status === 'closed' || c.id === cycle.id)
    .slice(-TREND_LENGTH);
  const earlier = await loadTrendFigures(
    deps,
    trendCycles.filter((trendCycle) => trendCycle.id !== cycle.id),
    'sales',
    // Each earlier cycle with its own minimums and breakdowns, as its own results show it.
    (trendCycle) => planSettingsOf(trendCycle),
    filter,
  );
  const headlines = trendCycles.map((trendCycle) =>
    headlineOfGroup(trendCycle, trendCycle.id === cycle.id ? selected : (earlier.get(trendCycle.id) as GroupFigures)),
  );
  const trend = headlines.map((point, index) => {
    const before = headlines.slice(0, index).findLast((earlierPoint) => earlierPoint.cycle.form === point.cycle.form);
    const change = (pick: (h: HeadlineOfGroup) => Moment | null) => {
      const a = before ? pick(before) : null;
      const b = pick(point);
      return before && a && b ? changeOf(before.cycle.id, welchChangeOfMoments(a, b)) : null;
    };
    return {
      cycleId: point.cycle.id,
      title: point.cycle.title,
      form: point.cycle.form,
      opensOn: point.cycle.opens_on,
      trustIndex: point.trustIndex ? meanOf(point.trustIndex) : null,
      inps: point.inpsValue,
      trustIndexChange: change((h) => h.trustIndex),
      inpsChange: change((h) => h.inps),
    };
  });
  const current = trend[trend.length - 1];
  const earlierCycles = trendCycles.filter((trendCycle) => trendCycle.id !== cycle.id);

  const trustShown = releases(selected, TRUST) && group.trustIndex.n > 0;
  const trustInterval = trustShown ? meanIntervalOf(group.trustIndex) : null;
  const inpsShown = releases(selected, INPS) && group.inps.n > 0;
  const inps = inpsOf(group.inps);

  const drivers = layout.drivers.map((driverId) => {
    const moment = group.drivers[driverId] as Moments['drivers'][string];
    const shown = releases(selected, `driver:${driverId}`) && moment.n > 0;
    if (!shown) return { driverId, available: false, value: null, lower: null, upper: null, favourableShare: null, change: null };
    const interval = meanIntervalOf(moment);
    const comparable = comparableCycleOfDriver(cycle, earlierCycles, driverId);
    const before = comparable ? driverMomentsOf(earlier.get(comparable.id) as GroupFigures)?.get(driverId) : undefined;
    return {
      driverId,
      available: true,
      value: meanOf(moment),
      lower: interval?.lower ?? null,
      upper: interval?.upper ?? null,
      favourableShare: favourableShareOf(moment),
      change: comparable && before ? changeOf(comparable.id, welchChangeOfMoments(before, moment)) : null,
    };
  });

  const statements = layout.statements.map((itemId) => {
    const moment = group.statements[itemId] as Moments['statements'][string];
    const shown = releases(selected, `statement:${itemId}`) && moment.n > 0;
    return shown
      ? { itemId, available: true, mean: meanOf(moment), favourableShare: favourableShareOf(moment) }
      : { itemId, available: false, mean: null, favourableShare: null };
  });

  const keyDrivers = await keyDriversOf(deps, cycle, selected, group, filter);
  const standings = layout.drivers.map((driver, index) => {
    const figure = drivers[index] as (typeof drivers)[number];
    const weight = keyDrivers.available ? (keyDrivers.drivers.find((d) => d.driverId === driver)?.share ?? null) : null;
    return { driver, score: figure.available ? figure.value : null, weight };
  });
  const focus = new Set<DriverId>(focusAreas(standings));
  const quadrant = standings
    .filter(
      (standing): standing is { driver: DriverId; score: number; weight: number } =>
        standing.score !== null && standing.weight !== null,
    )
    .map((standing) => ({
      driverId: standing.driver,
      score: standing.score,
      importance: standing.weight,
      isFocusArea: focus.has(standing.driver),
    }));

  const reliability = (Object.keys(layout.constructs) as ConstructId[]).map((construct) => {
    const shown = releases(selected, `alpha:${construct}`);
    const result = shown ? reliabilityOfMoments(group, construct) : null;
    return {
      construct,
      available: shown && result?.alpha !== null,
      alpha: shown ? (result?.alpha ?? null) : null,
      flagged: shown ? (result?.flagged ?? false) : false,
    };
  });

  return {
    filter,
    available: true,
    cycle: {
      id: cycle.id,
      title: cycle.title,
      form: cycle.form,
      opensOn: cycle.opens_on,
      closesOn: cycle.closes_on,
      status: cycle.status,
    },
    n: selected.respondents,
    asOf: asOfOf(figures, selected),
    latestAsOf: latestAsOfOf(figures),
    trustIndex: {
      available: trustShown,
      value: trustShown ? meanOf(group.trustIndex) : null,
      lower: trustInterval?.lower ?? null,
      upper: trustInterval?.upper ?? null,
      change: current?.trustIndexChange ?? null,
    },
    inps: {
      available: inpsShown,
      value: inpsShown ? inps.value : null,
      promoterShare: inpsShown ? inps.promoterShare : null,
      detractorShare: inpsShown ? inps.detractorShare : null,
      lower: inpsShown ? (meanIntervalOf(inpsCodedMoment(group.inps))?.lower ?? null) : null,
      upper: inpsShown ? (meanIntervalOf(inpsCodedMoment(group.inps))?.upper ?? null) : null,
      change: current?.inpsChange ?? null,
    },
    trend,
    drivers,
    statements,
    heatmap: settings.breakdownAttributes.includes('team') ? await heatmapOf(deps, viewer, figures, filter) : null,
    keyDrivers,
    quadrant,
    focusAreas: DRIVER_IDS.filter((driver) => focus.has(driver)).map((driver) => {
      const recommendation = RECOMMENDATIONS[driver];
      return {
        driverId: driver,
        recommendation: { id: recommendation.id, text: recommendation.text },
        levers: recommendation.levers.map((id) => ({ id, name: LEVERS[id].name, path: LEVERS[id].path })),
      };
    }),
    reliability,
    perceptionGap: await perceptionGapOf(deps, cycle, settings, drivers),
  };
}

// ---------- like with like ----------
//
// A change compares two cycles only where they asked the same questions. A trust check asks TRUST1–3,
// a pulse TRUST1 and TRUST2: their trust indices average different statements (TRUST3, openness about
// problems in one's territory, need not sit where reliance does), so a trust check's index against the
// pulse before it would show a change of questions as a change of trust. The pulse always asks TRUST1
// and TRUST2 so that its index compares month to month (instrument.md); trust checks compare with trust
// checks. So each trend point's trust index and iNPS change refers to the latest earlier cycle of the
// same form (the iNPS question is the same in both, but one earlier cycle per point keeps the two
// changes of a point about the same comparison). A driver's score averages the driver's statements the
// form asked, and pulses rotate those statements, so a driver compares with the latest earlier cycle of
// the same form that asked the same statements of it: the previous trust check, or the pulse two or three
// months back that asked the same statement. "Only statements both forms share" was the alternative; it
// would need each respondent's index over TRUST1 and TRUST2 alone, which the stored moments do not
// keep, and it would show a trust check an index other than its headline.

/** The statements of the driver that the cycle's sales form asked, in form order. */
function driverStatementsOf(cycle: CycleRow, driver: DriverId): string {
  return layoutOfCycle(cycle, 'sales')
    .statements.filter((itemId) => findItem(itemId)?.construct === driver)
    .join(',');
}

/** The latest earlier cycle of the same form that asked the same statements of the driver. */
function comparableCycleOfDriver(cycle: CycleRow, earlierCycles: readonly CycleRow[], driver: DriverId): CycleRow | undefined {
  const statements = driverStatementsOf(cycle, driver);
  return earlierCycles.findLast(
    (earlierCycle) => earlierCycle.form === cycle.form && driverStatementsOf(earlierCycle, driver) === statements,
  );
}

/** Driver moments of an allowed group whose own plans release them. */
function driverMomentsOf(group: GroupFigures): Map<string, Moment> | null {
  if (!group.check.allowed || group.headline === null) return null;
  const result = new Map<string, Moment>();
  for (const [driver, moment] of Object.entries(group.headline.drivers)) {
    if (moment.n > 0 && releases(group, `driver:${driver}`)) result.set(driver, moment);
  }
  return result;
}

/** Driver moments of the group in the previous cycle, where that cycle releases them. */
export async function previousDriverMoments(deps: AppDeps, cycle: CycleRow, filter: GroupFilter) {
  const figures = await loadCycleFigures(deps, cycle, 'sales', planSettingsOf(cycle));
  return driverMomentsOf(await figures.figuresOf(filter));
}

async function heatmapOf(
  deps: AppDeps,
  viewer: Viewer,
  figures: CycleFigures,
  filter: GroupFilter,
): Promise<Available['heatmap']> {
  if (dashboardScopeOf(viewer.role) === 'organisation_only') return null;
  const { layout } = figures;
  const teamIds = figures
    .teams()
    .filter(
      ({ team, region }) =>
        (filter.team === undefined || team === filter.team) && (filter.region === undefined || region === filter.region),
    )
    .map(({ team }) => team);
  const names = new Map((await repo.findTeamNames(deps.database.db, viewer.organisationId)).map((t) => [t.id, t.name]));
  const ordered = teamIds
    .map((teamId) => ({ teamId, teamName: names.get(teamId) ?? teamId }))
    .sort((a, b) => a.teamName.localeCompare(b.teamName) || a.teamId.localeCompare(b.teamId));
  const rows = [];
  for (const { teamId, teamName } of ordered) {
    const team = await figures.figuresOf({ team: teamId });
    if (!team.check.allowed || team.headline === null) {
      const reason = team.check.allowed ? 'below_minimum' : team.check.reason;
      rows.push({
        teamId,
        teamName,
        available: false as const,
        reason: reason === 'below_minimum' ? ('below_minimum' as const) : ('complementary' as const),
      });
      continue;
    }
    const { trustIndex, drivers } = team.headline;
    rows.push({
      teamId,
      teamName,
      available: true as const,
      asOf: asOfOf(figures, team),
      trustIndex: releases(team, TRUST) && trustIndex.n > 0 ? meanOf(trustIndex) : null,
      cells: layout.drivers.map((driver) => {
        const moment = drivers[driver];
        return releases(team, `driver:${driver}`) && moment && moment.n > 0 ? meanOf(moment) : null;
      }),
    });
  }
  return { drivers: [...layout.drivers], rows };
}

interface StoredKeyDrivers {
  readonly result: KeyDriverResult;
}

/** The complete-case key-driver rows of a group's respondents counted up to an epoch (layout of keyDriverRowOf). */
type KeyDriverRowsOf = (filter: GroupFilter, upToEpoch: number) => Promise<number[][]>;

function keyDriverRowOfAnswers(answers: Record<string, number>, drivers: readonly DriverId[]) {
  return keyDriverRowOf(
    {
      trustIndex: respondentTrustIndex(answers),
      driverScores: Object.fromEntries(drivers.map((driver) => [driver, respondentDriverScore(answers, driver)])),
    },
    drivers,
  );
}

/** Reads the group's answers from the database: a read of a group whose intervals are not stored. */
function keyDriverRowsFromAnswers(deps: AppDeps, cycle: CycleRow, drivers: readonly DriverId[]): KeyDriverRowsOf {
  return async (filter, upToEpoch) =>
    (await loadRespondents(deps, cycle, 'sales', filter, upToEpoch))
      .map((respondent) => keyDriverRowOfAnswers(respondent.answers, drivers))
      .filter((row): row is number[] => row !== null);
}

/**
 * Relative weights as shares of R² with bootstrap intervals. The point estimate comes from the merged
 * moments; the intervals need the rows, so they are computed once per closed cycle and group from that
 * group's answers and stored (decision record 0007), and computed on each request while a cycle is open.
 */
async function keyDriversOf(
  deps: AppDeps,
  cycle: CycleRow,
  selected: GroupFigures,
  group: Moments,
  filter: GroupFilter,
  rowsOf: KeyDriverRowsOf = keyDriverRowsFromAnswers(deps, cycle, group.layout.drivers),
): Promise<KeyDriverResult> {
  const key = groupKeyOf(filter);
  // The rows behind the intervals are the group's respondents up to the epoch the analysis is released at,
  // as are the moments behind the point estimate.
  const epoch = epochOf(selected, KEY_DRIVERS);
  if (epoch === null) {
    const withheld = selected.withheld[KEY_DRIVERS];
    return { available: false, reason: withheld === 'complementary' ? 'complementary' : 'below_minimum' };
  }
  const estimate = keyDriverEstimateOfMoments(group);
  if ('insufficient' in estimate) return { available: false, reason: estimate.reason };
  const { db } = deps.database;
  if (cycle.status === 'closed') {
    const stored = await repo.findKeyDriverAnalysis(db, cycle.organisation_id, cycle.id, key);
    if (stored) return (JSON.parse(stored) as StoredKeyDrivers).result;
  }
  const drivers = group.layout.drivers;
  // Seconds of resampling for a large group: in slices, so that other requests are answered meanwhile.
  const analysis = await keyDriverAnalysisOfRowsCooperatively(await rowsOf(filter, epoch), drivers, {
    seed: `${cycle.id}|${key}`,
    replicates: BOOTSTRAP_REPLICATES,
  });
  const result: KeyDriverResult =
    'insufficient' in analysis
      ? { available: false, reason: analysis.reason }
      : {
          available: true,
          n: analysis.n,
          r2: analysis.r2,
          replicates: analysis.replicates,
          drivers: analysis.drivers.map((entry) => ({
            driverId: entry.driver,
            share: entry.share,
            shareLower: entry.shareLower,
            shareUpper: entry.shareUpper,
            weight: entry.weight,
          })),
        };
  if (cycle.status === 'closed') {
    await repo.insertKeyDriverAnalysis(db, {
      organisation_id: cycle.organisation_id,
      cycle_id: cycle.id,
      group_key: key,
      analysis: JSON.stringify({ result } satisfies StoredKeyDrivers),
    });
  }
  return result;
}

/** Mirror settings: the mirror is shown for the organisation only. */
function mirrorSettingsOf(settings: PlanSettings): PlanSettings {
  return { ...settings, breakdownAttributes: [] };
}

/**
 * Sales' view of the group against marketing's mirror per driver. The mirror is shown for the
 * organisation only (as in the cycle results), through its own plan.
 */
async function perceptionGapOf(
  deps: AppDeps,
  cycle: CycleRow,
  settings: PlanSettings,
  salesDrivers: readonly { driverId: string; available: boolean; value: number | null }[],
): Promise<Available['perceptionGap']> {
  if (cycle.with_mirror !== 1) return null;
  const figures = await loadCycleFigures(deps, cycle, 'mirror', mirrorSettingsOf(settings));
  const organisation = await figures.figuresOf({});
  if (!organisation.check.allowed || organisation.headline === null) return null;
  const mirror = organisation.headline;
  return salesDrivers.map(({ driverId, available, value }) => {
    const moment = mirror.drivers[driverId];
    const released = moment !== undefined && moment.n > 0 && releases(organisation, `driver:${driverId}`);
    const marketing = released ? meanOf(moment) : null;
    const sales = available ? value : null;
    return { driverId, sales, marketing, gap: sales !== null && marketing !== null ? marketing - sales : null };
  });
}

/**
 * Works out and stores what the dashboard reads of a just-closed cycle, so that no reader pays for it:
 * the atom statistics of both forms, each form's plans and group figures under the cycle's own privacy
 * settings (frozen when it opened), and the key-driver intervals of the organisation and of each region.
 * The answers are read once, for the atom statistics and the intervals alike. The sales figures are
 * stored last: their marker means the cycle is done (the closed-cycle statistics job looks for cycles
 * without it). Safe to call again or next to readers (insert-or-ignore everywhere).
 */
export async function storeClosedCycleStatistics(deps: AppDeps, cycle: CycleRow): Promise<void> {
  if (cycle.status !== 'closed') throw new RangeError('only a closed cycle has final statistics');
  const settings = planSettingsOf(cycle);
  let loading: Promise<readonly Respondent[]> | null = null;
  const respondents = () => {
    loading ??= loadRespondents(deps, cycle, 'sales', {});
    return loading;
  };
  const unstored = await computeClosedCycleFigures(deps, cycle, 'sales', settings, respondents);
  const figures = unstored ?? (await loadCycleFigures(deps, cycle, 'sales', settings));
  // Each respondent's key-driver row once, for the organisation and their region.
  let rows: Promise<{ atom: Respondent['atom']; epoch: number; row: number[] }[]> | null = null;
  const rowsOf: KeyDriverRowsOf = async (filter, upToEpoch) => {
    rows ??= respondents().then((all) =>
      all.flatMap((respondent) => {
        const row = keyDriverRowOfAnswers(respondent.answers, figures.layout.drivers);
        return row ? [{ atom: respondent.atom, epoch: respondent.epoch, row }] : [];
      }),
    );
    return (await rows).filter((entry) => entry.epoch <= upToEpoch && inGroup(entry.atom, filter)).map((entry) => entry.row);
  };
  const regions = new Set(figures.teams().map(({ region }) => region));
  for (const filter of [{}, ...[...regions].sort().map((region) => ({ region }))]) {
    const group = await figures.figuresOf(filter);
    if (group.check.allowed) await keyDriversOf(deps, cycle, group, await figures.momentsOf(filter), filter, rowsOf);
  }
  if (cycle.with_mirror === 1) await storeClosedCycleFigures(deps, cycle, 'mirror', mirrorSettingsOf(settings));
  await unstored?.store();
}
