/**
 * Sufficient statistics of a cycle (server/lib/stats/moments.ts) per unit: an atom and the release epoch
 * its respondents were first counted in (decision 0013), so that a group's figure at epoch e is the sum of
 * its units up to e. Stored once for a closed cycle — on first read if nobody stored them at close — and
 * computed from the counted answers on every request while a cycle is open (pending answers are in no
 * figure). A closed cycle's statistics never change, so each instance also keeps the most
 * recently used ones in memory. See docs/decisions/0007-dashboard-statistics.md.
 */
import type { Selectable } from 'kysely';
import { itemsOfForm, MIRROR_FORM_ITEMS } from '../../../common/instrument/forms.js';
import type { Answers } from '../../../common/instrument/scoring.js';
import type { Database } from '../../db/database.js';
import type { SurveyCyclesTable } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import type { AtomKey } from '../../lib/anonymity/index.js';
import { type InpsMoment, layoutOf, type Moment, type MomentLayout, type Moments, momentsOf } from '../../lib/stats/moments.js';
import * as surveysRepo from '../surveys/surveys.repository.js';
import * as repo from './analytics.repository.js';

export type CycleRow = Selectable<SurveyCyclesTable>;
export type SurveyForm = 'sales' | 'mirror';

export interface Headline {
  readonly trustIndex: Moment;
  readonly inps: InpsMoment;
}

/** The statistics of one unit: the respondents of an atom first counted in one release epoch. */
export interface AtomStatistics {
  readonly atom: AtomKey;
  /** The release epoch; 0 for an atom with invitees and nobody counted (no respondents, empty moments). */
  readonly epoch: number;
  /** The atom's invitees, on its lowest-epoch unit only (0 on the others), so that units add up. */
  readonly invited: number;
  /** Counted responses in the unit, with or without any numeric answer. */
  readonly respondents: number;
  readonly headline: Headline;
  /** null where only the headline was loaded. */
  readonly moments: Moments | null;
}

export function layoutOfCycle(cycle: CycleRow, form: SurveyForm): MomentLayout {
  return layoutOf(form === 'mirror' ? MIRROR_FORM_ITEMS : itemsOfForm(cycle.form, cycle.pulse_index ?? 0));
}

// ---------- in-process memory of closed cycles ----------

class Recent<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}
  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: T) {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

interface Memory {
  readonly full: Recent<AtomStatistics[]>;
  readonly headlines: Recent<AtomStatistics[]>;
  /** Plans of closed cycles (each holds lookup tables over the cycle's candidate groups: the larger items). */
  readonly plans: Recent<unknown>;
  /** Merged moments of groups of closed cycles (a few KB each; a heatmap asks for one per team). */
  readonly groups: Recent<unknown>;
}
const memories = new WeakMap<Database, Memory>();
function memoryOf(database: Database): Memory {
  let memory = memories.get(database);
  if (!memory) {
    // Full statistics are large (one cycle of a 50,000-person organisation: a few MB); headlines are small.
    memory = { full: new Recent(12), headlines: new Recent(400), plans: new Recent(400), groups: new Recent(5_000) };
    memories.set(database, memory);
  }
  return memory;
}
const memoryKey = (cycleId: string, form: SurveyForm) => `${cycleId}:${form}`;

/**
 * Something derived only from a closed cycle's statistics (a plan, a group's merged moments), computed
 * once per instance; for an open cycle computed every time, because its answers still change.
 */
export function rememberDerived<T>(deps: AppDeps, cycle: CycleRow, kind: 'plans' | 'groups', key: string, compute: () => T): T {
  if (cycle.status !== 'closed') return compute();
  const memory = memoryOf(deps.database);
  const fullKey = `${cycle.id}|${key}`;
  const remembered = memory[kind].get(fullKey);
  if (remembered !== undefined) return remembered as T;
  const value = compute();
  memory[kind].set(fullKey, value);
  return value;
}

/** What this instance remembers of a closed cycle under `key`, if anything. */
export function recallDerived<T>(deps: AppDeps, cycle: CycleRow, kind: 'plans' | 'groups', key: string): T | undefined {
  if (cycle.status !== 'closed') return undefined;
  return memoryOf(deps.database)[kind].get(`${cycle.id}|${key}`) as T | undefined;
}

export function keepDerived<T>(deps: AppDeps, cycle: CycleRow, kind: 'plans' | 'groups', key: string, value: T): void {
  if (cycle.status === 'closed') memoryOf(deps.database)[kind].set(`${cycle.id}|${key}`, value);
}

// ---------- computing from answers ----------

const atomIdentity = (atom: AtomKey) => JSON.stringify([atom.region, atom.team, atom.tenureBand, atom.role]);

/** One counted response: its atom, the epoch it was first counted in, and its numeric answers by item id. */
export interface Respondent {
  readonly atom: AtomKey;
  readonly epoch: number;
  readonly answers: Record<string, number>;
}

/**
 * The counted responses of the cycle's form in the atoms the filter selects, up to an epoch if given, each
 * with its numeric answers. Pending responses are in no figure and are not read.
 */
export async function loadRespondents(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  filter: repo.AtomFilter,
  upToEpoch?: number,
): Promise<Respondent[]> {
  const answers = await repo.findCountedNumericAnswers(deps.database.db, cycle.id, form, filter, upToEpoch);
  const byResponse = new Map<string, Respondent>();
  for (const row of answers) {
    let response = byResponse.get(row.response_id);
    if (!response) {
      response = {
        atom: { region: row.region, team: row.team_id, tenureBand: row.tenure_band, role: row.role },
        epoch: Number(row.release_epoch),
        answers: {},
      };
      byResponse.set(row.response_id, response);
    }
    response.answers[row.item_id] = Number(row.value);
  }
  return [...byResponse.values()];
}

/** Loads the responses of a cycle's form when asked to, once; closing a cycle reads them for several purposes. */
export type RespondentsLoader = () => Promise<readonly Respondent[]>;

/** Units in one order wherever they come from (answers or stored rows), so that sums add in the same order. */
function sortUnits(units: AtomStatistics[]): AtomStatistics[] {
  const keyed = units.map((unit) => ({ unit, key: atomIdentity(unit.atom) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.unit.epoch - b.unit.epoch));
  return keyed.map(({ unit }) => unit);
}

async function computeAtoms(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  loaded?: RespondentsLoader,
): Promise<AtomStatistics[]> {
  const { db } = deps.database;
  const layout = layoutOfCycle(cycle, form);
  const [invited, responded, respondents] = await Promise.all([
    surveysRepo.countInviteesByAtom(db, cycle.id, form),
    repo.countRespondentsByUnit(db, cycle.id, form),
    loaded ? loaded() : loadRespondents(deps, cycle, form, {}),
  ]);
  interface Entry {
    atom: AtomKey;
    invited: number;
    units: Map<number, { respondents: number; answers: Answers[] }>;
  }
  const atoms = new Map<string, Entry>();
  const entryOf = (atom: AtomKey) => {
    const key = atomIdentity(atom);
    let entry = atoms.get(key);
    if (!entry) {
      entry = { atom, invited: 0, units: new Map() };
      atoms.set(key, entry);
    }
    return entry;
  };
  const unitOf = (atom: AtomKey, epoch: number) => {
    const { units } = entryOf(atom);
    let unit = units.get(epoch);
    if (!unit) {
      unit = { respondents: 0, answers: [] };
      units.set(epoch, unit);
    }
    return unit;
  };
  for (const row of invited) {
    entryOf({ region: row.atom_region, team: row.atom_team_id, tenureBand: row.atom_tenure_band, role: row.atom_role }).invited +=
      Number(row.invited);
  }
  for (const row of responded) {
    unitOf(
      { region: row.region, team: row.team_id, tenureBand: row.tenure_band, role: row.role },
      Number(row.release_epoch),
    ).respondents += Number(row.respondents);
  }
  for (const response of respondents) unitOf(response.atom, response.epoch).answers.push(response.answers);
  const result: AtomStatistics[] = [];
  for (const entry of atoms.values()) {
    // An atom with invitees and nobody counted is kept at epoch 0: its group is a candidate all the same.
    if (entry.units.size === 0) entry.units.set(0, { respondents: 0, answers: [] });
    const lowest = Math.min(...entry.units.keys());
    for (const [epoch, unit] of entry.units) {
      const moments = momentsOf(layout, unit.answers);
      result.push({
        atom: entry.atom,
        epoch,
        invited: epoch === lowest ? entry.invited : 0,
        respondents: unit.respondents,
        headline: { trustIndex: moments.trustIndex, inps: moments.inps },
        moments,
      });
    }
  }
  return sortUnits(result);
}

async function computeAndStore(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  respondents?: RespondentsLoader,
): Promise<AtomStatistics[]> {
  const atoms = await computeAtoms(deps, cycle, form, respondents);
  await repo.insertCycleStatistics(
    deps.database.db,
    { organisation_id: cycle.organisation_id, cycle_id: cycle.id, form },
    atoms.map((entry) => {
      const { layout: _layout, ...moments } = entry.moments as Moments;
      return {
        organisation_id: cycle.organisation_id,
        cycle_id: cycle.id,
        form,
        atom_team_id: entry.atom.team,
        atom_region: entry.atom.region,
        atom_tenure_band: entry.atom.tenureBand,
        atom_role: entry.atom.role,
        release_epoch: entry.epoch,
        invited: entry.invited,
        respondents: entry.respondents,
        headline: JSON.stringify(entry.headline),
        moments: JSON.stringify(moments),
      };
    }),
  );
  return atoms;
}

interface StoredRow {
  atom_team_id: string;
  atom_region: string;
  atom_tenure_band: string;
  atom_role: string;
  release_epoch: number;
  invited: number;
  respondents: number;
  headline: string;
  moments?: string;
}

function atomOfStored(row: StoredRow, layout: MomentLayout | null): AtomStatistics {
  return {
    atom: { region: row.atom_region, team: row.atom_team_id, tenureBand: row.atom_tenure_band, role: row.atom_role },
    epoch: Number(row.release_epoch),
    invited: Number(row.invited),
    respondents: Number(row.respondents),
    headline: JSON.parse(row.headline) as Headline,
    moments: layout && row.moments ? ({ layout, ...JSON.parse(row.moments) } as Moments) : null,
  };
}

/**
 * Every unit (atom × release epoch) of the cycle's form with its full moments. `respondents`, when the caller reads the answers
 * anyway (closing a cycle does), saves reading them twice where the statistics are not stored yet.
 */
export async function loadCycleAtoms(
  deps: AppDeps,
  cycle: CycleRow,
  form: SurveyForm,
  respondents?: RespondentsLoader,
): Promise<AtomStatistics[]> {
  if (cycle.status !== 'closed') return computeAtoms(deps, cycle, form, respondents);
  const memory = memoryOf(deps.database);
  const key = memoryKey(cycle.id, form);
  const remembered = memory.full.get(key);
  if (remembered) return remembered;
  const { db } = deps.database;
  const stored = await repo.findStoredCycleIds(db, cycle.organisation_id, [cycle.id], form);
  const layout = layoutOfCycle(cycle, form);
  const atoms = stored.has(cycle.id)
    ? sortUnits((await repo.findAtomMoments(db, cycle.organisation_id, cycle.id, form)).map((row) => atomOfStored(row, layout)))
    : await computeAndStore(deps, cycle, form, respondents);
  memory.full.set(key, atoms);
  return atoms;
}
