/**
 * Two years of trust pulses for the demo company, as plain data: which cycles ran, who was asked, who
 * answered and what. The answers come from a latent model so that the dashboard has something true to
 * find: per sales team, the drivers explain trust with different weights, and some drivers drift (Süd,
 * Südwest and Nord improve, Ost declines). Pure and deterministic; demo.service.ts maps it to rows.
 */
import { itemsOfForm, MIRROR_FORM_ITEMS, pulseCycleIndexOfMonth } from '../../../common/instrument/forms.js';
import { type ConstructId, DRIVER_IDS, type DriverId, type Item, type ItemId } from '../../../common/instrument/items.js';
import type { Random } from '../../lib/random.js';
import type { DemoPerson, DemoTeam } from './demo-generator.js';
import { openAnswerText } from './demo-texts.js';

export type DemoCycleForm = 'pulse' | 'trust_check';

/** How a sales team's trust comes about in the demo: what the generator puts in, for tests to find again. */
export interface DemoTeamProfile {
  /** Trust (1–5 scale) of a rep who sees every driver at 3. */
  trustBase: number;
  /** How much each driver moves trust; the key drivers of the team carry most of it. */
  weights: Readonly<Record<DriverId, number>>;
  /** Driver levels (1–5 scale) at the start of the two years. */
  levels: Readonly<Record<DriverId, number>>;
  /** Change of a driver's level per year. */
  drift: Readonly<Partial<Record<DriverId, number>>>;
  /** Share of invited people who answer a pulse. */
  responseRate: number;
}

export interface DemoResponse {
  form: 'sales' | 'mirror';
  /** Who answered: used to mark the invitation answered, never stored with the response. */
  personKey: string;
  /** Numbers for statements (1–5) and the iNPS (0–10), text for open questions; "can't judge" is absent. */
  answers: Partial<Record<ItemId, number | string>>;
}

export interface DemoCycle {
  form: DemoCycleForm;
  /** YYYY-MM */
  month: string;
  pulseIndex: number | null;
  withMirror: boolean;
  opensOn: string;
  closesOn: string;
  status: 'open' | 'closed';
  /** Everyone asked, sales form first, then the mirror form. */
  invited: { sales: string[]; mirror: string[] };
  /** In no particular order: shuffled, so that the insertion order says nothing about who answered. */
  responses: DemoResponse[];
}

export interface DemoPulseOptions {
  asOf: string;
  months: number;
  /** Days a cycle stays open, per form. */
  openDays: Readonly<Record<DemoCycleForm, number>>;
  /** Comments are written only in cycles where enough people answer for comments ever to be shown. */
  minCommentGroupSize: number;
}

const NO_DRIFT = {};
const flat = (value: number): Record<DriverId, number> =>
  Object.fromEntries(DRIVER_IDS.map((d) => [d, value])) as Record<DriverId, number>;
const weightsWith = (key: Partial<Record<DriverId, number>>): Record<DriverId, number> => ({ ...flat(0.02), ...key });
const levelsWith = (changes: Partial<Record<DriverId, number>>): Record<DriverId, number> => ({ ...flat(3.5), ...changes });

/**
 * One profile per sales team, in the order of the teams (Süd, Südwest, West, Nord, Ost,
 * DACH-International); larger generated companies reuse them in turn.
 */
export const DEMO_TEAM_PROFILES: readonly DemoTeamProfile[] = [
  // Süd: trust hinges on marketing speaking up for the field; the field-voice work pays off.
  {
    trustBase: 3.2,
    weights: weightsWith({ AMB: 0.6, BUF: 0.2 }),
    levels: levelsWith({ AMB: 2.8, BUF: 3.3 }),
    drift: { AMB: 0.45 },
    responseRate: 0.78,
  },
  // Südwest: an internal-customer team; faster, more reliable request handling lifts trust.
  {
    trustBase: 3.3,
    weights: weightsWith({ INV: 0.55, INT: 0.3 }),
    levels: levelsWith({ INV: 3.0, INT: 3.6 }),
    drift: { INV: 0.4, INT: 0.1 },
    responseRate: 0.72,
  },
  // West: enablement and useful material matter; stable.
  {
    trustBase: 3.4,
    weights: weightsWith({ ENB: 0.5, CMP: 0.35 }),
    levels: levelsWith({ ENB: 3.7, CMP: 3.8 }),
    drift: NO_DRIFT,
    responseRate: 0.82,
  },
  // Nord: equal treatment and being seen in the field; more ride-alongs slowly help.
  {
    trustBase: 3.2,
    weights: weightsWith({ FAIR: 0.5, PRX: 0.35 }),
    levels: levelsWith({ FAIR: 3.2, PRX: 2.9 }),
    drift: { PRX: 0.3 },
    responseRate: 0.68,
  },
  // Ost: buffering pressure from above is what counts, and it is eroding: trust declines.
  {
    trustBase: 3.3,
    weights: weightsWith({ BUF: 0.6, INT: 0.25 }),
    levels: levelsWith({ BUF: 3.9, INT: 3.6 }),
    drift: { BUF: -0.5, INT: -0.15 },
    responseRate: 0.64,
  },
  // DACH-International: competence and reliability; stable, with little proximity.
  {
    trustBase: 3.3,
    weights: weightsWith({ CMP: 0.5, INT: 0.35 }),
    levels: levelsWith({ CMP: 3.6, PRX: 2.8 }),
    drift: NO_DRIFT,
    responseRate: 0.75,
  },
];

/** How much better marketing sees itself than sales sees it, per driver: the perception gap. */
const MIRROR_GAP: Readonly<Record<DriverId, number>> = {
  AMB: 0.8,
  INV: 0.5,
  FAIR: 0.6,
  ENB: 0.3,
  BUF: 0.7,
  PRX: 0.3,
  CMP: 0.4,
  INT: 0.3,
};

/** "Can't judge" per construct: reps rarely see marketing in front of leadership. */
const CANT_JUDGE: Readonly<Record<ConstructId, number>> = {
  TRUST: 0.005,
  AMB: 0.14,
  INV: 0.02,
  FAIR: 0.04,
  ENB: 0.04,
  BUF: 0.1,
  PRX: 0.05,
  CMP: 0.02,
  INT: 0.03,
};

/**
 * Spread of the latent driver perceptions: a general impression of marketing (halo), partly a person's
 * lasting view and partly the month's mood, a lasting view per driver, and the month's view per driver.
 * Most of the spread changes from cycle to cycle, so that each team's pattern shows across its cycles
 * rather than hanging on the few people in it.
 */
const HALO = 0.3;
const PERSON_SD = 0.2;
const CYCLE_SD = 0.45;
const ITEM_SD = 0.45;

export function profileOfTeam(index: number): DemoTeamProfile {
  return DEMO_TEAM_PROFILES[index % DEMO_TEAM_PROFILES.length] as DemoTeamProfile;
}

interface Respondent {
  person: DemoPerson;
  profile: DemoTeamProfile | null;
  halo: number;
  trustEffect: number;
  driverEffects: Record<DriverId, number>;
  propensity: number;
}

/**
 * The cycles of the `months` months ending with the month of `asOf`: a trust check (with the mirror)
 * in the first month of each quarter, where it takes the place of that month's pulse, and a pulse in
 * every other month. A month whose cycle would open after `asOf` is left out and an earlier one taken.
 */
export function generateDemoPulses(
  random: Random,
  teams: readonly DemoTeam[],
  people: readonly DemoPerson[],
  options: DemoPulseOptions,
): DemoCycle[] {
  const salesTeams = teams.filter((t) => t.kind === 'sales');
  const profiles = new Map(salesTeams.map((team, i) => [team.key, profileOfTeam(i)]));
  const itemOffsets = new Map<ItemId, number>();
  const offsets = random.fork('items');
  for (const item of [...itemsOfForm('trust_check', 0), ...MIRROR_FORM_ITEMS]) itemOffsets.set(item.id, offsets.float(-0.2, 0.2));

  const traits = random.fork('people');
  const respondents = new Map<string, Respondent>();
  for (const person of people) {
    if (!['sales_rep', 'sales_lead', 'marketer', 'marketing_lead'].includes(person.role)) continue;
    respondents.set(person.key, {
      person,
      profile: person.teamKey ? (profiles.get(person.teamKey) ?? null) : null,
      halo: traits.normal(),
      trustEffect: 0.15 * traits.normal(),
      driverEffects: Object.fromEntries(DRIVER_IDS.map((d) => [d, PERSON_SD * traits.normal()])) as Record<DriverId, number>,
      propensity: traits.normal(),
    });
  }

  const months = cycleMonths(options.asOf, options.months, options.openDays);
  const start = months[0]?.opensOn ?? options.asOf;
  return months.map(({ month, form, opensOn, closesOn }) => {
    const cycleRandom = random.fork(`cycle:${month}`);
    const years = daysBetween(start, opensOn) / 365.25;
    const status = options.asOf <= closesOn ? 'open' : 'closed';
    const openDays = options.openDays[form];
    // An open cycle has the answers of the days gone by; most people answer in the first days.
    const answeredBy = (r: Random) => Math.floor(openDays * r.next() ** 2);
    const elapsed = daysBetween(opensOn, options.asOf);
    const pulseIndex = form === 'pulse' ? pulseCycleIndexOfMonth(month) : null;
    const items = itemsOfForm(form, pulseIndex ?? 0);
    const invitedSales = [...respondents.values()].filter(
      (r) => (r.person.role === 'sales_rep' || r.person.role === 'sales_lead') && r.person.startDate <= opensOn,
    );
    const invitedMirror =
      form === 'trust_check'
        ? [...respondents.values()].filter(
            (r) => (r.person.role === 'marketer' || r.person.role === 'marketing_lead') && r.person.startDate <= opensOn,
          )
        : [];

    const expectedRespondents = invitedSales.reduce((sum, r) => sum + (r.profile?.responseRate ?? 0.7), 0);
    const withComments = expectedRespondents * 0.8 >= options.minCommentGroupSize;
    const responses: DemoResponse[] = [];
    const salesTrust: number[] = [];
    const salesDrivers = new Map<DriverId, number[]>(DRIVER_IDS.map((d) => [d, []]));

    for (const r of invitedSales) {
      const own = cycleRandom.fork(r.person.key);
      const profile = r.profile ?? profileOfTeam(0);
      const drivers = {} as Record<DriverId, number>;
      const halo = HALO * (0.6 * r.halo + 0.8 * own.normal());
      for (const d of DRIVER_IDS) {
        drivers[d] = profile.levels[d] + (profile.drift[d] ?? 0) * years + halo + r.driverEffects[d] + CYCLE_SD * own.normal();
        salesDrivers.get(d)?.push(drivers[d]);
      }
      const trust =
        profile.trustBase +
        DRIVER_IDS.reduce((sum, d) => sum + profile.weights[d] * (drivers[d] - 3), 0) +
        r.trustEffect +
        0.25 * own.normal();
      salesTrust.push(trust);

      // Less trusting people answer a little less often; a long trust check a little less than a pulse.
      const rate = profile.responseRate + 0.08 * r.propensity + 0.04 * (trust - 3.3) - (form === 'trust_check' ? 0.04 : 0);
      if (!own.chance(Math.min(0.97, Math.max(0.25, rate)))) continue;
      if (status === 'open' && answeredBy(own) > elapsed) continue;

      const leadSeesMore = r.person.role === 'sales_lead' ? 0.5 : 1;
      const answers: DemoResponse['answers'] = {};
      for (const item of items) {
        if (item.kind === 'likert') {
          if (own.chance(CANT_JUDGE[item.construct] * leadSeesMore)) continue;
          const latent = item.construct === 'TRUST' ? trust : drivers[item.construct as DriverId];
          answers[item.id] = likert(latent + (itemOffsets.get(item.id) ?? 0) + ITEM_SD * own.normal());
        } else if (item.kind === 'nps') {
          if (own.chance(0.02)) continue;
          answers[item.id] = clampRound(2.6 * (trust - 1) + 0.2 + 1.3 * own.normal(), 0, 10);
        } else if (withComments && own.chance(form === 'pulse' ? 0.2 : 0.14)) {
          answers[item.id] = openAnswerText(own, item.id as 'OPEN1' | 'OPEN2', r.person.locale, drivers, profile.weights);
        }
      }
      responses.push({ form: 'sales', personKey: r.person.key, answers });
    }

    const meanOf = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
    for (const r of invitedMirror) {
      const own = cycleRandom.fork(`mirror:${r.person.key}`);
      if (!own.chance(Math.min(0.95, 0.78 + 0.08 * r.propensity))) continue;
      if (status === 'open' && answeredBy(own) > elapsed) continue;
      const answers: DemoResponse['answers'] = {};
      for (const item of MIRROR_FORM_ITEMS) {
        if (item.kind !== 'likert' || own.chance(0.03)) continue;
        const seen =
          item.construct === 'TRUST'
            ? meanOf(salesTrust) + 0.5
            : meanOf(salesDrivers.get(item.construct as DriverId) ?? []) + MIRROR_GAP[item.construct as DriverId];
        answers[item.id] = likert(seen + 0.3 * r.halo + (itemOffsets.get(item.id) ?? 0) + ITEM_SD * own.normal());
      }
      responses.push({ form: 'mirror', personKey: r.person.key, answers });
    }

    return {
      form,
      month,
      pulseIndex,
      withMirror: form === 'trust_check',
      opensOn,
      closesOn,
      status,
      invited: { sales: invitedSales.map((r) => r.person.key), mirror: invitedMirror.map((r) => r.person.key) },
      responses: cycleRandom.shuffle(responses),
    };
  });
}

/** The statements of a cycle's sales form; for tests and callers that need the form without the answers. */
export function itemsOfDemoCycle(cycle: Pick<DemoCycle, 'form' | 'pulseIndex'>): readonly Item[] {
  return itemsOfForm(cycle.form, cycle.pulseIndex ?? 0);
}

function cycleMonths(asOf: string, count: number, openDays: Readonly<Record<DemoCycleForm, number>>) {
  const result: { month: string; form: DemoCycleForm; opensOn: string; closesOn: string }[] = [];
  let [year, month] = asOf.split('-').map(Number) as [number, number];
  while (result.length < count) {
    const form: DemoCycleForm = (month - 1) % 3 === 0 ? 'trust_check' : 'pulse';
    const opensOn = firstMondayOf(year, month);
    if (opensOn <= asOf) {
      result.unshift({
        month: `${year}-${String(month).padStart(2, '0')}`,
        form,
        opensOn,
        closesOn: addDays(opensOn, openDays[form]),
      });
    }
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return result;
}

/** Cycles open on the first Monday of the month, so that nobody finds a survey over a weekend. */
function firstMondayOf(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const shift = (8 - first.getUTCDay()) % 7;
  return new Date(first.getTime() + shift * 86_400_000).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function clampRound(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

function likert(value: number): number {
  return clampRound(value, 1, 5);
}
