/**
 * The demo company as plain data: a pure, deterministic function of its options. No database here,
 * so that the demo, tests and benchmarks (up to tens of thousands of people) share one generator.
 */
import type { AccountTier, Locale, Role, TeamKind } from '../../../common/roles.js';
import { createRandom, type Random } from '../../lib/random.js';
import {
  EXECUTIVE_TEAM_NAME,
  GERMAN_FEMALE_FIRST_NAMES,
  GERMAN_LAST_NAMES,
  GERMAN_LEGAL_FORMS,
  GERMAN_MALE_FIRST_NAMES,
  HEADQUARTERS_REGION,
  INDUSTRIES,
  INTERNATIONAL_PEOPLE,
  MARKETING_TEAM_NAMES,
  type RegionInfo,
  SALES_REGIONS,
} from './demo-names.js';

export const DEMO_SEED = 'brenner';
export const DEMO_ORGANISATION_NAME = 'Brenner Antriebstechnik GmbH';
export const DEMO_EMAIL_DOMAIN = 'demo.tandem.test';
/** The default reference date; `seedDemoCompany` passes today so that the tenure stays realistic. */
export const DEMO_AS_OF = '2025-01-01';

export interface DemoGeneratorOptions {
  /** Same seed and options, same company. */
  seed?: number | string;
  organisationName?: string;
  emailDomain?: string;
  /** Start dates count back from this day (YYYY-MM-DD). */
  asOf?: string;
  salesTeams?: number;
  /** Average; teams differ by a few people, the total is `salesTeams × repsPerTeam`. */
  repsPerTeam?: number;
  /** Average; some reps own many more, every rep owns at least one while there are enough accounts. */
  accountsPerRep?: number;
  marketingTeams?: number;
  /** Average, besides the team's marketing lead. */
  marketersPerTeam?: number;
  executives?: number;
}

export const DEMO_DEFAULTS = {
  seed: DEMO_SEED,
  organisationName: DEMO_ORGANISATION_NAME,
  emailDomain: DEMO_EMAIL_DOMAIN,
  asOf: DEMO_AS_OF,
  salesTeams: 6,
  repsPerTeam: 10,
  accountsPerRep: 5,
  marketingTeams: 2,
  marketersPerTeam: 5,
  executives: 3,
} as const satisfies Required<DemoGeneratorOptions>;

export interface DemoTeam {
  key: string;
  name: string;
  kind: TeamKind;
  region: string;
}

export interface DemoPerson {
  key: string;
  name: string;
  email: string;
  role: Role;
  teamKey: string | null;
  /** YYYY-MM-DD */
  startDate: string;
  locale: Locale;
}

export interface DemoAccount {
  key: string;
  name: string;
  industry: string;
  city: string;
  tier: AccountTier;
  /** Euros per year. */
  annualPotential: number;
  ownerKey: string;
}

export interface DemoLogin {
  role: Role;
  email: string;
  name: string;
}

export interface DemoCompanyData {
  organisation: { name: string; defaultLocale: Locale };
  teams: DemoTeam[];
  people: DemoPerson[];
  accounts: DemoAccount[];
  /** One person per role with an easy address, in the order of `LOGIN_ROLES`. */
  logins: DemoLogin[];
}

export const LOGIN_ROLES: readonly Role[] = ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead', 'sales_rep'];

const LOGIN_LOCAL_PARTS: Record<Role, string> = {
  admin: 'admin',
  executive: 'executive',
  marketing_lead: 'marketing.lead',
  marketer: 'marketer',
  sales_lead: 'sales.lead',
  sales_rep: 'sales.rep',
};

/** Annual potential in euros by tier: inclusive range and rounding step. */
export const TIER_POTENTIAL: Record<AccountTier, { min: number; max: number; step: number }> = {
  A: { min: 500_000, max: 5_000_000, step: 10_000 },
  B: { min: 100_000, max: 500_000, step: 5_000 },
  C: { min: 10_000, max: 100_000, step: 1_000 },
};

/** Share of accounts per tier: few large customers, many small ones. */
export const TIER_SHARE: Record<AccountTier, number> = { A: 0.1, B: 0.3, C: 0.6 };

export function generateDemoCompany(options: DemoGeneratorOptions = {}): DemoCompanyData {
  const o: Required<DemoGeneratorOptions> = { ...DEMO_DEFAULTS, ...withoutUndefined(options) };
  checkCount('salesTeams', o.salesTeams, 1);
  checkCount('repsPerTeam', o.repsPerTeam, 1);
  checkCount('marketingTeams', o.marketingTeams, 1);
  checkCount('marketersPerTeam', o.marketersPerTeam, 1);
  checkCount('executives', o.executives, 1);
  if (!(Number.isFinite(o.accountsPerRep) && o.accountsPerRep >= 0)) {
    throw new RangeError('accountsPerRep must be a number ≥ 0');
  }
  const asOf = parseDay(o.asOf);
  const random = createRandom(o.seed);

  const teams = generateTeams(o.salesTeams, o.marketingTeams);
  const people = generatePeople(random.fork('people'), teams, o, asOf);
  const reps = people.filter((p) => p.role === 'sales_rep');
  const regionOfTeam = new Map(teams.map((t) => [t.key, t.region]));
  const accounts = generateAccounts(random.fork('accounts'), reps, regionOfTeam, Math.round(reps.length * o.accountsPerRep));
  const loginKeys = chooseLogins(people, accounts);
  const emails = assignEmails(people, loginKeys, o.emailDomain);

  const loginPeople = new Set(loginKeys.values());
  const finishedPeople: DemoPerson[] = people.map((p) => ({
    key: p.key,
    name: p.name,
    email: emails.get(p.key) as string,
    role: p.role,
    teamKey: p.teamKey,
    startDate: p.startDate,
    // Whoever tries the demo first sees the German-first interface; the profile switches it.
    locale: loginPeople.has(p.key) ? 'de' : p.locale,
  }));
  const byKey = new Map(finishedPeople.map((p) => [p.key, p]));
  const logins = LOGIN_ROLES.map((role) => {
    const person = byKey.get(loginKeys.get(role) as string) as DemoPerson;
    return { role, email: person.email, name: person.name };
  });

  return {
    organisation: { name: o.organisationName, defaultLocale: 'de' },
    teams,
    people: finishedPeople,
    accounts,
    logins,
  };
}

/** Lowercase ASCII for e-mail addresses: German umlauts spelled out (ä → ae, ß → ss), other accents dropped. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[äöüÄÖÜß]/g, (c) => GERMAN_FOLDS[c] as string)
    .replace(/[łŁıøØæÆđĐ]/g, (c) => OTHER_FOLDS[c] as string)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

const GERMAN_FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
const OTHER_FOLDS: Record<string, string> = { ł: 'l', Ł: 'L', ı: 'i', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'Ae', đ: 'd', Đ: 'D' };

function emailLocalPart(firstName: string, lastName: string): string {
  const part = (text: string) =>
    asciiFold(text)
      .replace(/[\s']+/g, '-')
      .replace(/[^a-z0-9-]/g, '');
  return `${part(firstName)}.${part(lastName)}`;
}

// ---------- teams ----------

function generateTeams(salesTeams: number, marketingTeams: number): DemoTeam[] {
  const teams: DemoTeam[] = [
    { key: 'team-executive', name: EXECUTIVE_TEAM_NAME, kind: 'executive', region: HEADQUARTERS_REGION },
  ];
  for (let i = 0; i < marketingTeams; i++) {
    teams.push({
      key: `team-marketing-${i + 1}`,
      name: numbered(MARKETING_TEAM_NAMES, i),
      kind: 'marketing',
      region: HEADQUARTERS_REGION,
    });
  }
  for (let i = 0; i < salesTeams; i++) {
    const region = regionAt(i);
    teams.push({
      key: `team-sales-${i + 1}`,
      name: numbered(
        SALES_REGIONS.map((r) => r.teamName),
        i,
      ),
      kind: 'sales',
      region: region.region,
    });
  }
  return teams;
}

function regionAt(index: number): RegionInfo {
  return SALES_REGIONS[index % SALES_REGIONS.length] as RegionInfo;
}

/** The i-th name, cycling through the list and numbering the second round on ("Vertrieb Süd 2"). */
function numbered(names: readonly string[], index: number): string {
  const base = names[index % names.length] as string;
  const round = Math.floor(index / names.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

/** `count` teams of `average` people each, then a few moved around so that teams differ realistically. */
function unevenSizes(random: Random, count: number, average: number): number[] {
  const sizes = Array.from({ length: count }, () => average);
  const floor = Math.max(1, Math.ceil(average * 0.6));
  for (let move = 0; move < count * 2; move++) {
    const from = random.int(0, count - 1);
    const to = random.int(0, count - 1);
    if (from === to || (sizes[from] as number) <= floor) continue;
    sizes[from] = (sizes[from] as number) - 1;
    sizes[to] = (sizes[to] as number) + 1;
  }
  return sizes;
}

// ---------- people ----------

interface DraftPerson {
  key: string;
  firstName: string;
  lastName: string;
  name: string;
  role: Role;
  teamKey: string | null;
  startDate: string;
  locale: Locale;
}

function generatePeople(random: Random, teams: DemoTeam[], o: Required<DemoGeneratorOptions>, asOf: Date): DraftPerson[] {
  const people: DraftPerson[] = [];
  const add = (role: Role, teamKey: string | null, yearsAgo: number, internationalShare: number) => {
    const { firstName, lastName, locale } = drawName(random, internationalShare);
    people.push({
      key: `person-${people.length + 1}`,
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      role,
      teamKey,
      startDate: formatDay(daysBefore(asOf, Math.round(yearsAgo * 365.25))),
      locale,
    });
  };
  // Most people joined in the last few years; a long tail has been there up to 15 years.
  const tenure = (min: number, max: number) => min + (max - min) * random.next() ** 1.6;

  add('admin', null, random.float(2, 10), 0);
  for (let i = 0; i < o.executives; i++) {
    add('executive', 'team-executive', i === 0 ? random.float(9, 15) : tenure(2, 15), 0.05);
  }

  const marketing = teams.filter((t) => t.kind === 'marketing');
  const marketerSizes = unevenSizes(random, marketing.length, o.marketersPerTeam);
  marketing.forEach((team, i) => {
    add('marketing_lead', team.key, tenure(4, 15), 0.05);
    for (let j = 0; j < (marketerSizes[i] as number); j++) add('marketer', team.key, tenure(0.2, 15), 0.12);
  });

  const sales = teams.filter((t) => t.kind === 'sales');
  const repSizes = unevenSizes(random, sales.length, o.repsPerTeam);
  sales.forEach((team, i) => {
    const internationalShare = team.region === 'DACH-International' ? 0.35 : 0.1;
    add('sales_lead', team.key, tenure(4, 15), internationalShare / 2);
    for (let j = 0; j < (repSizes[i] as number); j++) add('sales_rep', team.key, tenure(0.1, 15), internationalShare);
  });
  return people;
}

function drawName(random: Random, internationalShare: number): { firstName: string; lastName: string; locale: Locale } {
  if (random.chance(internationalShare)) {
    const group = random.pick(INTERNATIONAL_PEOPLE);
    return { firstName: random.pick(group.first), lastName: random.pick(group.last), locale: group.locale };
  }
  const firstNames = random.chance(0.45) ? GERMAN_FEMALE_FIRST_NAMES : GERMAN_MALE_FIRST_NAMES;
  return { firstName: random.pick(firstNames), lastName: random.pick(GERMAN_LAST_NAMES), locale: 'de' };
}

/** The easy demo addresses go to the first person of each role, and to the team's rep with the largest portfolio. */
function chooseLogins(people: DraftPerson[], accounts: DemoAccount[]): Map<Role, string> {
  const logins = new Map<Role, string>();
  for (const role of LOGIN_ROLES) {
    const first = people.find((p) => p.role === role);
    if (first) logins.set(role, first.key);
  }
  const firstRep = people.find((p) => p.role === 'sales_rep') as DraftPerson;
  const owned = new Map<string, number>();
  for (const account of accounts) owned.set(account.ownerKey, (owned.get(account.ownerKey) ?? 0) + 1);
  let best = firstRep;
  for (const person of people) {
    if (person.role === 'sales_rep' && person.teamKey === firstRep.teamKey) {
      if ((owned.get(person.key) ?? 0) > (owned.get(best.key) ?? 0)) best = person;
    }
  }
  logins.set('sales_rep', best.key);
  return logins;
}

function assignEmails(people: DraftPerson[], logins: Map<Role, string>, domain: string): Map<string, string> {
  const emails = new Map<string, string>();
  for (const [role, key] of logins) emails.set(key, `${LOGIN_LOCAL_PARTS[role]}@${domain}`);
  // A base address has no digits, so the numbered ones (anna.schmidt2) never meet another base, and no
  // name in the lists spells a login address; counting per base keeps every address unique.
  const used = new Map<string, number>();
  for (const person of people) {
    if (emails.has(person.key)) continue;
    const base = emailLocalPart(person.firstName, person.lastName);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    emails.set(person.key, `${n === 1 ? base : `${base}${n}`}@${domain}`);
  }
  return emails;
}

// ---------- accounts ----------

function generateAccounts(random: Random, reps: DraftPerson[], regionOfTeam: Map<string, string>, count: number): DemoAccount[] {
  const quotas = portfolioSizes(random, reps.length, count);
  const tiers = random.shuffle(tierList(count));
  const regions = new Map(SALES_REGIONS.map((r) => [r.region, r]));
  const takenNames = new Set<string>();
  const accounts: DemoAccount[] = [];
  reps.forEach((rep, i) => {
    const region = regions.get(regionOfTeam.get(rep.teamKey as string) as string) as RegionInfo;
    for (let j = 0; j < (quotas[i] as number); j++) {
      const tier = tiers[accounts.length] as AccountTier;
      const { name, industry, city } = drawCompany(random, region, takenNames);
      accounts.push({
        key: `account-${accounts.length + 1}`,
        name,
        industry,
        city,
        tier,
        annualPotential: drawPotential(random, tier),
        ownerKey: rep.key,
      });
    }
  });
  return accounts;
}

/** Exact tier counts (largest remainder), so that the skew holds for every seed. */
function tierList(count: number): AccountTier[] {
  const a = Math.round(count * TIER_SHARE.A);
  const b = Math.round(count * TIER_SHARE.B);
  const c = Math.max(0, count - a - b);
  return [...Array<AccountTier>(a).fill('A'), ...Array<AccountTier>(b).fill('B'), ...Array<AccountTier>(c).fill('C')].slice(
    0,
    count,
  );
}

/**
 * How many accounts each rep owns: log-normal weights make portfolios uneven (a few reps own two or
 * three times the average), one account each first while there are enough, the rest by largest remainder.
 */
function portfolioSizes(random: Random, reps: number, count: number): number[] {
  const sizes: number[] = Array.from({ length: reps }, () => (count >= reps ? 1 : 0));
  let remaining = count - (count >= reps ? reps : 0);
  const weights = Array.from({ length: reps }, () => Math.exp(0.6 * random.normal()));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const shares = weights.map((w) => (w / total) * remaining);
  const floors = shares.map(Math.floor);
  floors.forEach((f, i) => {
    sizes[i] = (sizes[i] as number) + f;
    remaining -= f;
  });
  const byRemainder = shares.map((s, i) => [i, s - Math.floor(s)] as const).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  for (let k = 0; k < remaining; k++) {
    const index = (byRemainder[k % reps] as readonly [number, number])[0];
    sizes[index] = (sizes[index] as number) + 1;
  }
  return sizes;
}

/** Log-uniform within the tier's range, rounded to a plausible step. */
function drawPotential(random: Random, tier: AccountTier): number {
  const { min, max, step } = TIER_POTENTIAL[tier];
  const raw = Math.exp(random.float(Math.log(min), Math.log(max)));
  return Math.min(max, Math.max(min, Math.round(raw / step) * step));
}

const INDUSTRY_WEIGHTS = INDUSTRIES.map((i) => [i, i.weight] as const);

function drawCompany(random: Random, region: RegionInfo, taken: Set<string>) {
  const industry = random.pickWeighted(INDUSTRY_WEIGHTS);
  const city = random.pick(region.cities);
  const legalForms = region.legalForms ?? GERMAN_LEGAL_FORMS;
  for (let attempt = 0; ; attempt++) {
    const word = random.pick(industry.words);
    const legal = random.pickWeighted(legalForms);
    const surname = random.pick(GERMAN_LAST_NAMES);
    const style = random.next();
    let stem: string;
    // Large generated companies run out of the short names first: later attempts use the roomier patterns.
    if (attempt >= 6) stem = `${surname} ${word} ${city}${attempt >= 8 ? ` ${attempt - 6}` : ''}`;
    else if (attempt >= 2) stem = `${surname} & ${random.pick(GERMAN_LAST_NAMES)} ${word}`;
    else if (style < 0.55) stem = `${surname} ${word}`;
    else if (style < 0.7) stem = `${random.pick(region.adjectives)} ${word}`;
    else if (style < 0.85) stem = `${surname} & ${random.pick(GERMAN_LAST_NAMES)} ${word}`;
    else stem = `${word} ${city}`;
    const name = `${stem} ${legal}`;
    if (!taken.has(name) && !stem.includes(`${surname} & ${surname} `)) {
      taken.add(name);
      return { name, industry: industry.industry, city };
    }
  }
}

// ---------- helpers ----------

function checkCount(name: string, value: number, min: number) {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}`);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function parseDay(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) throw new RangeError('asOf must be a day, YYYY-MM-DD');
  return date;
}

function daysBefore(day: Date, days: number): Date {
  return new Date(day.getTime() - days * 86_400_000);
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
