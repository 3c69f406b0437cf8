import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AssetSummary, assetPublishBody } from '../../../common/api/assets.js';
import { MIRROR_FORM_ITEMS, pulseCycleIndexOfMonth } from '../../../common/instrument/forms.js';
import { DRIVER_IDS, type DriverId } from '../../../common/instrument/items.js';
import { type Answers, respondentDriverScore, respondentTrustIndex } from '../../../common/instrument/scoring.js';
import { ROLES, type Role } from '../../../common/roles.js';
import { createBusinessCalendar } from '../../lib/business-time/index.js';
import { pearson } from '../../lib/stats/correlation.js';
import { signedInClient } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { DEFAULT_SLA_TARGETS, pausesOf, presentRequestSla } from '../sla/sla-clock.js';
import { DEMO_PASSWORD, type DemoCompany, demoActivityRandom, demoLogins, seedDemoCompany } from './demo.service.js';
import {
  asciiFold,
  DEMO_AS_OF,
  DEMO_EMAIL_DOMAIN,
  DEMO_ORGANISATION_NAME,
  type DemoCompanyData,
  generateDemoCompany,
  TIER_POTENTIAL,
} from './demo-generator.js';
import { generateDemoLibrary } from './demo-library.js';
import { DEMO_TEAM_PROFILES, type DemoCycle, generateDemoPulses, itemsOfDemoCycle } from './demo-pulses.js';
import { generateDemoRequests } from './demo-requests.js';

/** Each test signs in from its own address, so that login throttling never carries over between tests. */
function randomAddress() {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const LOGIN_ADDRESSES: Record<Role, string> = {
  admin: 'admin@demo.tandem.test',
  executive: 'executive@demo.tandem.test',
  marketing_lead: 'marketing.lead@demo.tandem.test',
  marketer: 'marketer@demo.tandem.test',
  sales_lead: 'sales.lead@demo.tandem.test',
  sales_rep: 'sales.rep@demo.tandem.test',
};

describe('generateDemoCompany', () => {
  const demo = generateDemoCompany();

  it('gives the same company for the same seed and another one for another seed', () => {
    expect(generateDemoCompany()).toEqual(demo);
    expect(generateDemoCompany({ seed: 12345 })).toEqual(generateDemoCompany({ seed: 12345 }));
    const other = generateDemoCompany({ seed: 'another seed' });
    expect(other.people.map((p) => p.name)).not.toEqual(demo.people.map((p) => p.name));
    expect(other.accounts.map((a) => a.name)).not.toEqual(demo.accounts.map((a) => a.name));
  });

  it('builds a German mid-sized manufacturer: an executive team, two marketing teams and six sales regions', () => {
    expect(demo.organisation).toEqual({ name: DEMO_ORGANISATION_NAME, defaultLocale: 'de' });
    expect(countBy(demo.teams, (t) => t.kind)).toEqual({ executive: 1, marketing: 2, sales: 6 });
    expect(demo.teams.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'Geschäftsleitung',
        'Produktmarketing',
        'Marketing Kommunikation',
        'Vertrieb Nord',
        'Vertrieb Süd',
      ]),
    );
    const regions = new Set(demo.teams.filter((t) => t.kind === 'sales').map((t) => t.region));
    expect(regions.size).toBe(6);
    expect(regions).toContain('DACH-International');
    expect(new Set(demo.teams.map((t) => t.name)).size).toBe(demo.teams.length);
  });

  it('has about 80 people in the expected roles, all placed in the right kind of team', () => {
    expect(demo.people.length).toBeGreaterThanOrEqual(75);
    expect(demo.people.length).toBeLessThanOrEqual(90);
    const roles = countBy(demo.people, (p) => p.role);
    expect(roles.admin).toBe(1);
    expect(roles.executive).toBe(3);
    expect(roles.marketing_lead).toBe(2);
    expect(roles.marketer).toBe(10);
    expect(roles.sales_lead).toBe(6);
    expect(roles.sales_rep).toBe(demo.people.length - 22);

    const kindOf = new Map(demo.teams.map((t) => [t.key, t.kind]));
    for (const person of demo.people) {
      const kind = person.teamKey ? kindOf.get(person.teamKey) : null;
      if (person.role === 'sales_rep' || person.role === 'sales_lead') expect(kind).toBe('sales');
      if (person.role === 'marketer' || person.role === 'marketing_lead') expect(kind).toBe('marketing');
      if (person.role === 'executive') expect(kind).toBe('executive');
    }
    // One lead per sales and marketing team; teams differ in size.
    for (const team of demo.teams.filter((t) => t.kind !== 'executive')) {
      const leadRole = team.kind === 'sales' ? 'sales_lead' : 'marketing_lead';
      expect(demo.people.filter((p) => p.teamKey === team.key && p.role === leadRole)).toHaveLength(1);
    }
    const repsPerTeam = Object.values(
      countBy(
        demo.people.filter((p) => p.role === 'sales_rep'),
        (p) => p.teamKey ?? '',
      ),
    );
    expect(repsPerTeam).toHaveLength(6);
    expect(new Set(repsPerTeam).size).toBeGreaterThan(1);
  });

  it('has one easy login per role, on real people with realistic names', () => {
    expect(demo.logins.map((l) => l.role)).toEqual([...ROLES]);
    for (const login of demo.logins) {
      expect(login.email).toBe(LOGIN_ADDRESSES[login.role]);
      const person = demo.people.find((p) => p.email === login.email);
      expect(person).toMatchObject({ role: login.role, name: login.name, locale: 'de' });
      expect(login.name).toMatch(/^\S+ \S+/);
    }
    // The rep login has a portfolio to show.
    const rep = demo.people.find((p) => p.email === LOGIN_ADDRESSES.sales_rep);
    expect(demo.accounts.filter((a) => a.ownerKey === rep?.key).length).toBeGreaterThanOrEqual(3);
  });

  it('gives everyone a unique lowercase ASCII address first.last on the demo domain', () => {
    const emails = demo.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    const loginAddresses = new Set(Object.values(LOGIN_ADDRESSES));
    for (const person of demo.people) {
      expect(person.email).toMatch(/^[a-z0-9.-]+@demo\.tandem\.test$/);
      if (loginAddresses.has(person.email)) continue;
      const [first, ...rest] = person.name.split(' ');
      const local = `${asciiFold(first ?? '')}.${asciiFold(rest.join('-'))}`;
      expect(person.email.startsWith(local)).toBe(true);
    }
  });

  it('folds umlauts, ß and foreign accents into ASCII', () => {
    expect(asciiFold('Jürgen Größe-Öztürk')).toBe('juergen groesse-oeztuerk');
    expect(asciiFold('Ju\u0308rgen')).toBe('juergen');
    expect(asciiFold('Łukasz Wiśniewski Søren Yılmaz Çelik Lucía')).toBe('lukasz wisniewski soren yilmaz celik lucia');
    const big = generateDemoCompany({ salesTeams: 30, repsPerTeam: 20, accountsPerRep: 0 });
    const emails = big.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.some((e) => /^[a-z-]+\.[a-z-]+\d+@/.test(e))).toBe(true);
  });

  it('speaks German, with a few colleagues preferring English', () => {
    const locales = countBy(demo.people, (p) => p.locale);
    expect(locales.en ?? 0).toBeGreaterThanOrEqual(1);
    expect(locales.en ?? 0).toBeLessThanOrEqual(demo.people.length * 0.15);
  });

  it('dates every start within the last 15 years, executives and leads longer on average', () => {
    const asOf = Date.parse(DEMO_AS_OF);
    const yearsAgo = (day: string) => (asOf - Date.parse(day)) / (365.25 * 86_400_000);
    for (const person of demo.people) {
      expect(person.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(yearsAgo(person.startDate)).toBeGreaterThanOrEqual(0);
      expect(yearsAgo(person.startDate)).toBeLessThanOrEqual(15.01);
    }
    const average = (role: Role) => {
      const years = demo.people.filter((p) => p.role === role).map((p) => yearsAgo(p.startDate));
      return years.reduce((s, y) => s + y, 0) / years.length;
    };
    expect(average('sales_lead')).toBeGreaterThan(average('sales_rep'));
    const moved = generateDemoCompany({ asOf: '2030-06-30' });
    expect(moved.people.map((p) => p.name)).toEqual(demo.people.map((p) => p.name));
    expect(moved.people[0]?.startDate).not.toBe(demo.people[0]?.startDate);
  });

  it('has about 300 accounts with a 10/30/60 tier skew and potentials in each tier’s range', () => {
    expect(demo.accounts).toHaveLength(300);
    expect(countBy(demo.accounts, (a) => a.tier)).toEqual({ A: 30, B: 90, C: 180 });
    for (const account of demo.accounts) {
      const range = TIER_POTENTIAL[account.tier];
      expect(account.annualPotential).toBeGreaterThanOrEqual(range.min);
      expect(account.annualPotential).toBeLessThanOrEqual(range.max);
      expect(Number.isInteger(account.annualPotential)).toBe(true);
      expect(account.name).toMatch(/ (GmbH|AG|KG|SE|e\.K\.|Ges\.m\.b\.H\.|SA)$/);
    }
    expect(new Set(demo.accounts.map((a) => a.name)).size).toBe(300);
    expect(new Set(demo.accounts.map((a) => a.industry)).size).toBeGreaterThanOrEqual(8);
  });

  it('gives every account to a sales rep, every rep at least one, some reps many more', () => {
    const roleOf = new Map(demo.people.map((p) => [p.key, p.role]));
    for (const account of demo.accounts) expect(roleOf.get(account.ownerKey)).toBe('sales_rep');
    const portfolios = countBy(demo.accounts, (a) => a.ownerKey);
    const reps = demo.people.filter((p) => p.role === 'sales_rep');
    expect(Object.keys(portfolios)).toHaveLength(reps.length);
    const sizes = Object.values(portfolios);
    const average = demo.accounts.length / reps.length;
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(2 * average);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(average / 2);
  });

  it('scales with its options', () => {
    const small: DemoCompanyData = generateDemoCompany({
      seed: 1,
      salesTeams: 9,
      repsPerTeam: 4,
      accountsPerRep: 2.5,
      marketingTeams: 5,
      marketersPerTeam: 3,
      executives: 2,
      emailDomain: 'example.test',
      organisationName: 'Beispiel AG',
    });
    expect(small.organisation.name).toBe('Beispiel AG');
    expect(countBy(small.teams, (t) => t.kind)).toEqual({ executive: 1, marketing: 5, sales: 9 });
    expect(new Set(small.teams.map((t) => t.name)).size).toBe(small.teams.length);
    const roles = countBy(small.people, (p) => p.role);
    expect(roles).toEqual({ admin: 1, executive: 2, marketing_lead: 5, marketer: 15, sales_lead: 9, sales_rep: 36 });
    expect(small.accounts).toHaveLength(90);
    expect(small.logins[0]?.email).toBe('admin@example.test');
    expect(small.people.every((p) => p.email.endsWith('@example.test'))).toBe(true);
  });

  it('refuses impossible sizes', () => {
    expect(() => generateDemoCompany({ salesTeams: 0 })).toThrow(RangeError);
    expect(() => generateDemoCompany({ repsPerTeam: 2.5 })).toThrow(RangeError);
    expect(() => generateDemoCompany({ accountsPerRep: -1 })).toThrow(RangeError);
    expect(() => generateDemoCompany({ asOf: '1. Januar' })).toThrow(RangeError);
  });
});

describeEachDialect('seedDemoCompany', (ctx) => {
  // E-mail addresses are unique across the database, which other test files share on PostgreSQL.
  const uniqueDomain = () => `demo-${randomUUID().slice(0, 12)}.tandem.test`;

  it('writes the demo company, and its logins sign in with the demo password', async () => {
    const { database, app } = ctx();
    const domain = uniqueDomain();
    const demo = await seedDemoCompany(database, { emailDomain: domain });
    expect(demo.organisationName).toBe(DEMO_ORGANISATION_NAME);
    expect(demoLogins(demo).map((l) => l.email)).toEqual(
      Object.values(LOGIN_ADDRESSES).map((address) => address.replace(DEMO_EMAIL_DOMAIN, domain)),
    );

    const db = database.db;
    const people = await db.selectFrom('users').selectAll().where('organisation_id', '=', demo.organisationId).execute();
    const teams = await db.selectFrom('teams').selectAll().where('organisation_id', '=', demo.organisationId).execute();
    const accounts = await db
      .selectFrom('accounts')
      .innerJoin('users', 'users.id', 'accounts.owner_id')
      .select(['accounts.tier', 'accounts.annual_potential', 'users.role as owner_role', 'users.organisation_id as owner_org'])
      .where('accounts.organisation_id', '=', demo.organisationId)
      .execute();
    expect(people).toHaveLength(demo.counts.people);
    expect(teams).toHaveLength(9);
    expect(accounts).toHaveLength(300);
    expect(people.every((p) => p.status === 'active' && p.email.endsWith(`@${domain}`))).toBe(true);
    expect(new Set(people.map((p) => p.password_hash)).size).toBe(1);
    const teamIds = new Set(teams.map((t) => t.id));
    expect(people.filter((p) => p.role === 'sales_rep').every((p) => p.team_id && teamIds.has(p.team_id))).toBe(true);
    expect(accounts.every((a) => a.owner_role === 'sales_rep' && a.owner_org === demo.organisationId)).toBe(true);
    expect(accounts.filter((a) => a.tier === 'A').every((a) => Number(a.annual_potential) >= 500_000)).toBe(true);

    const admin = demo.logins.find((l) => l.role === 'admin');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: randomAddress(),
      payload: { email: admin?.email, password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ role: 'admin', organisationId: demo.organisationId, name: admin?.name });
  });

  it('writes more rows than one insert batch holds', async () => {
    const { database } = ctx();
    const demo = await seedDemoCompany(database, { emailDomain: uniqueDomain(), accountsPerRep: 11 });
    const row = await database.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', demo.organisationId)
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBe(660);
    expect(demo.counts.accounts).toBe(660);
  });
});

// ---------- activity: trust pulses and requests ----------

/** A day inside the October trust check's answering window: the latest cycle is still open. */
const ACTIVITY_AS_OF = '2026-10-08';
const PULSE_OPTIONS = { asOf: ACTIVITY_AS_OF, months: 24, openDays: { pulse: 10, trust_check: 14 }, minCommentGroupSize: 10 };

function pulsesFor(seed?: string) {
  const company = generateDemoCompany({ seed, asOf: ACTIVITY_AS_OF });
  return {
    company,
    cycles: generateDemoPulses(demoActivityRandom({ seed }, 'pulses'), company.teams, company.people, PULSE_OPTIONS),
  };
}

function requestsFor(seed?: string) {
  const company = generateDemoCompany({ seed, asOf: ACTIVITY_AS_OF });
  return generateDemoRequests(demoActivityRandom({ seed }, 'requests'), company.teams, company.people, company.accounts, {
    asOf: ACTIVITY_AS_OF,
    days: 365,
    calendar: createBusinessCalendar({}),
    targetsOf: (_type, priority) => DEFAULT_SLA_TARGETS[priority],
  });
}

const salesResponses = (cycle: DemoCycle) => cycle.responses.filter((r) => r.form === 'sales');

describe('generateDemoPulses', () => {
  const { company, cycles } = pulsesFor();

  it('gives the same pulses for the same seed and others for another seed', () => {
    expect(pulsesFor().cycles).toEqual(cycles);
    const other = pulsesFor('another seed').cycles;
    expect(other.map((c) => c.month)).toEqual(cycles.map((c) => c.month));
    expect(other.map((c) => c.responses)).not.toEqual(cycles.map((c) => c.responses));
  });

  it('runs a pulse every month and a trust check with the mirror in the first month of each quarter, for two years', () => {
    expect(cycles).toHaveLength(24);
    expect(cycles[0]?.month).toBe('2024-11');
    expect(cycles.at(-1)?.month).toBe('2026-10');
    cycles.forEach((cycle, i) => {
      const [year, month] = cycle.month.split('-').map(Number) as [number, number];
      expect(pulseCycleIndexOfMonth(cycle.month)).toBe(pulseCycleIndexOfMonth(cycles[0]?.month ?? '') + i);
      expect(cycle.form).toBe((month - 1) % 3 === 0 ? 'trust_check' : 'pulse');
      expect(cycle.withMirror).toBe(cycle.form === 'trust_check');
      expect(cycle.pulseIndex).toBe(cycle.form === 'pulse' ? year * 12 + month - 1 : null);
      expect(cycle.opensOn.slice(0, 7)).toBe(cycle.month);
      expect(new Date(`${cycle.opensOn}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(cycle.closesOn > cycle.opensOn).toBe(true);
      expect(cycle.status).toBe(i === cycles.length - 1 ? 'open' : 'closed');
    });
  });

  it('has 60–85 % of the invited answering each closed cycle, fewer so far in the open one, each person at most once', () => {
    for (const cycle of cycles) {
      const rate = salesResponses(cycle).length / cycle.invited.sales.length;
      if (cycle.status === 'closed') {
        expect(rate).toBeGreaterThanOrEqual(0.6);
        expect(rate).toBeLessThanOrEqual(0.85);
      } else {
        expect(rate).toBeGreaterThan(0.2);
        expect(rate).toBeLessThan(0.6);
      }
      for (const form of ['sales', 'mirror'] as const) {
        const keys = cycle.responses.filter((r) => r.form === form).map((r) => r.personKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const key of keys) expect(cycle.invited[form]).toContain(key);
      }
      expect(cycle.invited.mirror.length > 0).toBe(cycle.withMirror);
    }
  });

  it('answers only the items of the form, in range, with some "can\'t judge" gaps and a few comments in both languages', () => {
    let statements = 0;
    let gaps = 0;
    const comments: string[] = [];
    const strays: string[] = [];
    for (const cycle of cycles) {
      const items = itemsOfDemoCycle(cycle);
      const ids = new Set<string>(items.map((item) => item.id));
      const mirrorIds = new Set<string>(MIRROR_FORM_ITEMS.map((item) => item.id));
      for (const response of cycle.responses) {
        for (const [itemId, value] of Object.entries(response.answers)) {
          const inForm = response.form === 'sales' ? ids.has(itemId) : mirrorIds.has(itemId);
          const inRange =
            typeof value === 'string'
              ? response.form === 'sales'
              : itemId === 'INPS'
                ? value >= 0 && value <= 10
                : value >= 1 && value <= 5;
          if (!inForm || !inRange || (typeof value === 'number' && !Number.isInteger(value))) strays.push(`${itemId}=${value}`);
          if (typeof value === 'string') comments.push(value);
        }
        if (response.form !== 'sales') continue;
        for (const item of items) {
          if (item.kind !== 'likert') continue;
          statements++;
          if (response.answers[item.id] === undefined) gaps++;
        }
      }
    }
    expect(strays).toEqual([]);
    expect(gaps / statements).toBeGreaterThan(0.01);
    expect(gaps / statements).toBeLessThan(0.1);
    const responses = cycles.reduce((sum, c) => sum + salesResponses(c).length, 0);
    expect(comments.length).toBeGreaterThan(responses * 0.05);
    expect(comments.length).toBeLessThan(responses * 0.4);
    expect(comments.some((c) => /\b(und|nicht|uns)\b/.test(c))).toBe(true);
    expect(comments.some((c) => /\b(the|and|us)\b/.test(c))).toBe(true);
    expect(company.people.some((p) => p.locale === 'en')).toBe(true);
  });
});

describe('generateDemoRequests', () => {
  const requests = requestsFor();

  it('gives the same requests for the same seed and others for another seed', () => {
    expect(requestsFor()).toEqual(requests);
    expect(requestsFor('another seed').map((r) => r.title)).not.toEqual(requests.map((r) => r.title));
  });

  it('files about a year of requests, numbered in filing order, with fewer in August than in the busy months', () => {
    expect(requests.length).toBeGreaterThanOrEqual(1000);
    expect(requests.length).toBeLessThanOrEqual(2000);
    const outOfOrder = requests.filter(
      (request, i) =>
        request.number !== i + 1 ||
        request.createdAt < (requests[i - 1]?.createdAt ?? '') ||
        request.createdAt < '2025-10-08' ||
        request.createdAt >= ACTIVITY_AS_OF,
    );
    expect(outOfOrder).toEqual([]);
    const inMonth = (month: string) => requests.filter((r) => r.createdAt.startsWith(month)).length;
    expect(inMonth('2026-08')).toBeLessThan(inMonth('2026-03') * 0.7);
    expect(new Set(requests.map((r) => r.typeKey)).size).toBe(8);
  });
});

function libraryFor(seed?: string) {
  const company = generateDemoCompany({ seed, asOf: ACTIVITY_AS_OF });
  const requests = requestsFor(seed);
  const library = generateDemoLibrary(demoActivityRandom({ seed }, 'library'), requests, company.people, {
    asOf: ACTIVITY_AS_OF,
    intranetUrl: 'https://intranet.example.test/material',
  });
  return { company, requests, library };
}

describe('generateDemoLibrary', () => {
  const { company, requests, library } = libraryFor();
  const reuseCounts = library.assets.map((_, i) => library.reuses.filter((r) => r.assetIndex === i).length);

  it('gives the same library for the same seed and another one for another seed', () => {
    expect(libraryFor().library).toEqual(library);
    expect(libraryFor('another seed').library.assets.map((a) => a.title)).not.toEqual(library.assets.map((a) => a.title));
  });

  it('publishes part of the delivered work, never pricing or lead lists, after delivery, as its marketer, in a form the app accepts', () => {
    const delivered = requests.filter((r) => r.status === 'delivered' || r.status === 'closed');
    expect(library.assets.length).toBeGreaterThan(80);
    expect(library.assets.length).toBeLessThan(delivered.length * 0.4);
    const byNumber = new Map(requests.map((r) => [r.number, r]));
    const misplaced = library.assets.filter((asset) => {
      const request = byNumber.get(asset.requestNumber);
      return (
        !request ||
        !['delivered', 'closed'].includes(request.status) ||
        ['pricing_support', 'lead_list'].includes(request.typeKey) ||
        asset.publisherKey !== request.assigneeKey ||
        asset.publishedAt <= (request.deliveredAt ?? '') ||
        asset.publishedAt >= ACTIVITY_AS_OF
      );
    });
    expect(misplaced).toEqual([]);
    for (const asset of library.assets) {
      const parsed = assetPublishBody.safeParse({ kind: 'link', ...asset });
      expect(parsed.success, asset.title).toBe(true);
      expect(parsed.data?.tags, asset.title).toEqual(asset.tags);
      expect(asset.tags.length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(library.assets.map((a) => a.title)).size).toBe(library.assets.length);
    const languages = countBy(library.assets, (a) => a.language);
    expect(languages.de ?? 0).toBeGreaterThan(languages.en ?? 0);
    expect(languages.en ?? 0).toBeGreaterThan(0);
    expect(library.assets.some((a) => a.title.startsWith('Datenblatt') && a.tags.includes('datenblatt'))).toBe(true);
  });

  it('counts reuse once per sales person and asset, after publication; a few assets are popular, most little used', () => {
    const kinds = new Map(company.people.map((p) => [p.key, p]));
    const twice = Object.entries(countBy(library.reuses, (r) => `${r.assetIndex}:${r.personKey}`)).filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const wrong = library.reuses.filter((reuse) => {
      const person = kinds.get(reuse.personKey);
      const asset = library.assets[reuse.assetIndex];
      return (
        !person ||
        !asset ||
        !['sales_rep', 'sales_lead'].includes(person.role) ||
        reuse.at < asset.publishedAt ||
        reuse.at >= ACTIVITY_AS_OF ||
        reuse.at.slice(0, 10) < person.startDate
      );
    });
    expect(wrong).toEqual([]);
    const sorted = [...reuseCounts].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    expect(median).toBeLessThanOrEqual(4);
    expect(sorted.filter((n) => n <= 2).length).toBeGreaterThan(sorted.length / 3);
    expect(sorted[sorted.length - 1]).toBeGreaterThanOrEqual(15);
    expect(new Set(library.reuses.map((r) => r.via))).toEqual(new Set(['used', 'opened', 'suggestion']));
    // A suggestion picked while filing a request is recorded at the moment of filing, by its requester.
    const filed = new Set(requests.map((r) => `${r.requesterKey}@${r.createdAt}`));
    expect(library.reuses.filter((r) => r.via === 'suggestion' && filed.has(`${r.personKey}@${r.at}`)).length).toBeGreaterThan(
      10,
    );
  });
});

describeEachDialect('seedDemoCompany: pulses and requests', (ctx) => {
  let demo: DemoCompany;
  let domain: string;
  beforeAll(async () => {
    domain = `demo-${randomUUID().slice(0, 12)}.tandem.test`;
    demo = await seedDemoCompany(ctx().database, { emailDomain: domain, asOf: ACTIVITY_AS_OF });
  });

  async function clientOf(role: Role) {
    const login = demo.logins.find((l) => l.role === role);
    const user = await ctx()
      .database.db.selectFrom('users')
      .select(['id', 'organisation_id', 'email', 'name', 'role'])
      .where('email', '=', login?.email ?? '')
      .executeTakeFirstOrThrow();
    return signedInClient(ctx().app, ctx().database.db, { ...user, organisationId: user.organisation_id });
  }

  it('stores the same pulses and requests again for the same seed', async () => {
    const again = await seedDemoCompany(ctx().database, {
      emailDomain: `demo-${randomUUID().slice(0, 12)}.tandem.test`,
      asOf: ACTIVITY_AS_OF,
    });
    const contentOf = async (organisationId: string) => {
      const db = ctx().database.db;
      const answers = await db
        .selectFrom('survey_answers')
        .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
        .innerJoin('survey_cycles', 'survey_cycles.id', 'survey_responses.cycle_id')
        .select(['survey_cycles.opens_on', 'survey_responses.form', 'survey_answers.item_id'])
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('survey_answers.value').as('total')])
        .where('survey_cycles.organisation_id', '=', organisationId)
        .groupBy(['survey_cycles.opens_on', 'survey_responses.form', 'survey_answers.item_id'])
        .orderBy('survey_cycles.opens_on')
        .orderBy('survey_responses.form')
        .orderBy('survey_answers.item_id')
        .execute();
      const requests = await db
        .selectFrom('requests')
        .select(['number', 'title', 'status', 'priority', 'created_at', 'delivered_at', 'resolution_due_at'])
        .where('organisation_id', '=', organisationId)
        .orderBy('number')
        .execute();
      const assets = await db
        .selectFrom('assets')
        .innerJoin('requests', 'requests.id', 'assets.request_id')
        .select((eb) => [
          'requests.number',
          'assets.title',
          'assets.tags_text',
          'assets.created_at',
          eb
            .selectFrom('asset_reuses')
            .whereRef('asset_reuses.asset_id', '=', 'assets.id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('reuses'),
        ])
        .where('assets.organisation_id', '=', organisationId)
        .orderBy('requests.number')
        .execute();
      return {
        answers: answers.map((a) => ({ ...a, n: Number(a.n), total: Number(a.total ?? 0) })),
        requests,
        assets: assets.map((a) => ({ ...a, number: Number(a.number), reuses: Number(a.reuses) })),
      };
    };
    const [first, second] = [await contentOf(demo.organisationId), await contentOf(again.organisationId)];
    expect(second).toEqual(first);
    expect(first.answers.length).toBeGreaterThan(100);
    expect(again.counts).toEqual(demo.counts);
  });

  it('stores two years of cycles; an open cycle has an invitation marked answered per response, a closed one marks nobody', async () => {
    const db = ctx().database.db;
    const cycles = await db
      .selectFrom('survey_cycles')
      .selectAll()
      .where('organisation_id', '=', demo.organisationId)
      .orderBy('opens_on')
      .execute();
    expect(cycles).toHaveLength(24);
    expect(demo.counts.cycles).toBe(24);
    expect(new Set(cycles.map((c) => c.opens_on.slice(0, 7))).size).toBe(24);
    expect(cycles.filter((c) => c.form === 'trust_check')).toHaveLength(8);
    expect(cycles.filter((c) => c.status === 'open').map((c) => c.opens_on)).toEqual(['2026-10-05']);
    for (const cycle of cycles) {
      expect(cycle.with_mirror).toBe(cycle.form === 'trust_check' ? 1 : 0);
      expect(cycle.pulse_index === null ? null : Number(cycle.pulse_index)).toBe(
        cycle.form === 'pulse' ? pulseCycleIndexOfMonth(cycle.opens_on.slice(0, 7)) : null,
      );
    }

    const closedIds = new Set(cycles.filter((c) => c.status === 'closed').map((c) => c.id));
    const flags = await db
      .selectFrom('survey_invitations')
      .select(['cycle_id', 'form', 'answered'])
      .where('organisation_id', '=', demo.organisationId)
      .execute();
    // Closing forgets who answered: as for a cycle closed in the product.
    expect(flags.filter((f) => closedIds.has(f.cycle_id) && f.answered !== null)).toEqual([]);
    const answered = new Map<string, number>();
    for (const f of flags) {
      const key = `${f.cycle_id}:${f.form}`;
      answered.set(key, (answered.get(key) ?? 0) + (f.answered === 1 ? 1 : 0));
    }
    const responses = await db
      .selectFrom('survey_responses')
      .select(['cycle_id', 'form'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', demo.organisationId)
      .groupBy(['cycle_id', 'form'])
      .execute();
    expect(responses.length).toBeGreaterThan(24);
    let total = 0;
    for (const row of responses) {
      if (!closedIds.has(row.cycle_id)) expect(Number(row.n)).toBe(answered.get(`${row.cycle_id}:${row.form}`));
      total += Number(row.n);
    }
    for (const [key, count] of answered) {
      if (count > 0) expect(responses.some((r) => `${r.cycle_id}:${r.form}` === key)).toBe(true);
    }
    expect([...answered].filter(([key, count]) => !closedIds.has(key.split(':')[0] ?? '') && count > 0).length).toBeGreaterThan(
      0,
    );
    expect(total).toBe(demo.counts.responses);
    // Atoms as cycle opening widens them: none holds fewer than k invited people.
    const atoms = await db
      .selectFrom('survey_invitations')
      .select(['cycle_id', 'form', 'atom_team_id', 'atom_region', 'atom_tenure_band', 'atom_role'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', demo.organisationId)
      .groupBy(['cycle_id', 'form', 'atom_team_id', 'atom_region', 'atom_tenure_band', 'atom_role'])
      .execute();
    // Only the last resort of widening (everything widened) may hold fewer.
    const small = atoms.filter((a) => Number(a.n) < 5);
    expect(small.filter((a) => [a.atom_team_id, a.atom_region, a.atom_tenure_band, a.atom_role].some((v) => v !== '*'))).toEqual(
      [],
    );
    expect(atoms.some((a) => a.atom_tenure_band === '*' && a.atom_team_id !== '*')).toBe(true);
  });

  it('releases the latest closed trust check’s figures for the organisation to the demo marketing lead', async () => {
    const lead = await clientOf('marketing_lead');
    const list = await lead.inject({ method: 'GET', url: '/api/survey-cycles?pageSize=50' });
    expect(list.statusCode).toBe(200);
    const cycles = list.json().items as {
      id: string;
      form: string;
      status: string;
      opensOn: string;
      closesOn: string;
      responseRate: number | null;
    }[];
    expect(cycles).toHaveLength(24);
    const latest = cycles.find((c) => c.form === 'trust_check' && c.status === 'closed');
    expect(latest?.opensOn).toBe('2026-07-06');
    expect(latest?.responseRate).toBeGreaterThanOrEqual(0.6);
    expect(latest?.responseRate).toBeLessThanOrEqual(0.85);

    const response = await lead.inject({ method: 'GET', url: `/api/survey-cycles/${latest?.id}/results` });
    expect(response.statusCode).toBe(200);
    const results = response.json();
    expect(results.available).toBe(true);
    // Counted in one release epoch dated on the closing day (decision 0013).
    expect(results.asOf).toBe(latest?.closesOn);
    expect(results.n).toBeGreaterThanOrEqual(30);
    expect(results.trustIndex).toBeGreaterThan(30);
    expect(results.trustIndex).toBeLessThan(90);
    expect(results.inps).not.toBeNull();
    expect(results.drivers).toHaveLength(8);
    expect(results.drivers.every((d: { available: boolean }) => d.available)).toBe(true);
    expect(results.statements.every((s: { available: boolean }) => s.available)).toBe(true);
    const teams = results.breakdowns.find((b: { attribute: string }) => b.attribute === 'team');
    expect(teams.groups.filter((g: { available: boolean }) => g.available).length).toBeGreaterThanOrEqual(4);
    // Marketing sees itself more favourably than sales does: the perception gap.
    expect(results.mirror).not.toBeNull();
    const gap = (id: DriverId) =>
      results.mirror.drivers.find((d: { driverId: string }) => d.driverId === id).mean -
      results.drivers.find((d: { driverId: string }) => d.driverId === id).mean;
    expect(gap('AMB')).toBeGreaterThan(0.3);

    const comments = await lead.inject({ method: 'GET', url: `/api/survey-cycles/${latest?.id}/comments` });
    expect(comments.statusCode).toBe(200);
    expect(comments.json().available).toBe(true);
    expect(comments.json().comments.length).toBeGreaterThan(0);
  });

  it('lets each team’s key driver go with trust more than elsewhere, as the generator intends', async () => {
    const db = ctx().database.db;
    const rows = await db
      .selectFrom('survey_answers')
      .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
      .select(['survey_responses.id', 'survey_responses.team_id', 'survey_answers.item_id', 'survey_answers.value'])
      .where('survey_responses.organisation_id', '=', demo.organisationId)
      .where('survey_responses.form', '=', 'sales')
      .where('survey_answers.value', 'is not', null)
      .execute();
    const responses = new Map<string, { team: string; answers: Record<string, number> }>();
    for (const row of rows) {
      const response = responses.get(row.id) ?? { team: row.team_id, answers: {} };
      response.answers[row.item_id] = Number(row.value);
      responses.set(row.id, response);
    }
    const teams = await db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('organisation_id', '=', demo.organisationId)
      .where('kind', '=', 'sales')
      .orderBy('name')
      .execute();
    const order = [
      'Vertrieb Süd',
      'Vertrieb Südwest',
      'Vertrieb West',
      'Vertrieb Nord',
      'Vertrieb Ost',
      'Vertrieb DACH-International',
    ];
    const correlation = (teamName: string, driver: DriverId) => {
      const teamId = teams.find((t) => t.name === teamName)?.id;
      const pairs = [...responses.values()]
        .filter((r) => r.team === teamId)
        .map((r) => [respondentDriverScore(r.answers as Answers, driver), respondentTrustIndex(r.answers as Answers)] as const)
        .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null);
      expect(pairs.length).toBeGreaterThan(100);
      return pearson(
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      );
    };
    const keyDriverOf = (index: number) => {
      const weights = DEMO_TEAM_PROFILES[index]?.weights as Record<DriverId, number>;
      return DRIVER_IDS.reduce((best, d) => (weights[d] > weights[best] ? d : best));
    };
    // Süd is won by advocacy upward, Nord not at all: the same driver, different weights.
    expect(keyDriverOf(0)).toBe('AMB');
    expect(DEMO_TEAM_PROFILES[3]?.weights.AMB).toBeLessThan(0.1);
    expect(correlation('Vertrieb Süd', 'AMB') - correlation('Vertrieb Nord', 'AMB')).toBeGreaterThan(0.25);
    // Ost hinges on buffering, Südwest does not.
    expect(keyDriverOf(4)).toBe('BUF');
    expect(correlation('Vertrieb Ost', 'BUF') - correlation('Vertrieb Südwest', 'BUF')).toBeGreaterThan(0.2);
    // Every team's key driver is among its two drivers most closely tied to trust.
    order.forEach((name, index) => {
      const key = keyDriverOf(index);
      const ranked = [...DRIVER_IDS].sort((a, b) => correlation(name, b) - correlation(name, a));
      expect(ranked.slice(0, 2)).toContain(key);
    });
  });

  it('stores a year of requests with statuses, SLA fields from the SLA clock, ratings, comments and a timeline', async () => {
    const db = ctx().database.db;
    const requests = await db.selectFrom('requests').selectAll().where('organisation_id', '=', demo.organisationId).execute();
    expect(requests.length).toBe(demo.counts.requests);
    expect(requests.length).toBeGreaterThanOrEqual(1000);
    expect(requests.length).toBeLessThanOrEqual(2000);
    const numbers = requests.map((r) => Number(r.number)).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));

    const byStatus = countBy(requests, (r) => r.status);
    for (const status of ['new', 'accepted', 'in_progress', 'delivered', 'closed', 'declined'])
      expect(byStatus[status]).toBeGreaterThan(0);
    expect(byStatus.closed ?? 0).toBeGreaterThan(requests.length / 2);
    expect(requests.filter((r) => r.status === 'declined').every((r) => r.decline_reason && r.sla_stopped_at)).toBe(true);

    const calendar = createBusinessCalendar({});
    const pauses = await db
      .selectFrom('request_sla_pauses')
      .selectAll()
      .where('organisation_id', '=', demo.organisationId)
      .execute();
    expect(pauses.length).toBeGreaterThan(50);
    const delivered = requests.filter((r) => r.status === 'delivered' || r.status === 'closed');
    const incomplete = delivered.filter(
      (r) =>
        !r.assignee_id ||
        !r.first_response_at ||
        !r.delivered_at ||
        r.sla_stopped_at !== r.delivered_at ||
        r.first_response_target_minutes === null ||
        r.resolution_target_minutes === null ||
        !r.resolution_due_at ||
        !r.resolution_at_risk_at,
    );
    expect(incomplete).toEqual([]);
    const asOf = new Date(`${ACTIVITY_AS_OF}T00:00:00Z`);
    const states = delivered.map((r) => ({
      request: r,
      state: presentRequestSla(calendar, r, pausesOf(pauses.filter((p) => p.request_id === r.id)), asOf).resolution?.state,
    }));
    expect(states.filter((s) => s.state !== 'met' && s.state !== 'missed')).toEqual([]);
    const missedOnes = states.filter((s) => s.state === 'missed').map((s) => s.request);
    // The stored due instant agrees with the clock: a missed target was delivered after it.
    expect(missedOnes.filter((r) => (r.delivered_at ?? '') <= (r.resolution_due_at ?? ''))).toEqual([]);
    const missed = missedOnes.length;
    expect(missed / delivered.length).toBeGreaterThan(0.03);
    expect(missed / delivered.length).toBeLessThan(0.3);

    const ratings = await db
      .selectFrom('request_ratings')
      .selectAll()
      .where('organisation_id', '=', demo.organisationId)
      .execute();
    expect(ratings.length / delivered.length).toBeGreaterThan(0.6);
    expect(ratings.every((r) => Number(r.score) >= 1 && Number(r.score) <= 5)).toBe(true);
    expect(new Set(ratings.map((r) => Number(r.score))).size).toBe(5);
    expect(ratings.some((r) => Number(r.extra_mile) === 1)).toBe(true);

    const events = await db
      .selectFrom('request_events')
      .select(['request_id', 'kind'])
      .where('organisation_id', '=', demo.organisationId)
      .execute();
    const created = countBy(
      events.filter((e) => e.kind === 'created'),
      (e) => e.request_id,
    );
    expect(Object.keys(created)).toHaveLength(requests.length);
    expect(Object.values(created).every((n) => n === 1)).toBe(true);
    const comments = await db
      .selectFrom('request_comments')
      .select(['visibility'])
      .where('organisation_id', '=', demo.organisationId)
      .execute();
    expect(events.filter((e) => e.kind === 'commented')).toHaveLength(comments.length);
    expect(comments.some((c) => c.visibility === 'internal')).toBe(true);
  });

  it('lists the requests in the queue, shows a delivered one with its timeline, and numbers the next filing after them', async () => {
    const lead = await clientOf('marketing_lead');
    const queue = await lead.inject({ method: 'GET', url: '/api/requests?pageSize=50&sort=sla' });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().total).toBe(demo.counts.requests);
    expect(queue.json().items).toHaveLength(50);
    const closed = await lead.inject({ method: 'GET', url: '/api/requests?status=closed&pageSize=5' });
    const item = closed.json().items[0];
    expect(item.sla.resolution.state).toMatch(/^(met|missed)$/);
    const detail = await lead.inject({ method: 'GET', url: `/api/requests/${item.id}` });
    expect(detail.statusCode).toBe(200);
    const kinds = detail.json().timeline.map((e: { kind: string; details: { to?: string } }) => e.details.to ?? e.kind);
    expect(kinds[0]).toBe('created');
    expect(kinds).toEqual(expect.arrayContaining(['accepted', 'delivered', 'closed']));

    const rep = await clientOf('sales_rep');
    const mine = await rep.inject({ method: 'GET', url: '/api/requests?mine=true' });
    expect(mine.json().total).toBeGreaterThan(0);
    const types = await rep.inject({ method: 'GET', url: '/api/request-types' });
    const filed = await rep.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { 'idempotency-key': randomUUID() },
      payload: { typeId: types.json()[0]?.id, title: 'Datenblatt Getriebemotor', priority: 'normal' },
    });
    expect(filed.statusCode).toBe(201);
    expect(filed.json().number).toBe(demo.counts.requests + 1);
  });
  it('fills the library with delivered work and its reuse, which the library, its search and the suggestions show', async () => {
    const db = ctx().database.db;
    const assets = await db
      .selectFrom('assets')
      .innerJoin('requests', 'requests.id', 'assets.request_id')
      .innerJoin('users as publisher', 'publisher.id', 'assets.publisher_id')
      .select(['assets.id', 'assets.title', 'assets.kind', 'requests.status', 'publisher.role as publisher_role'])
      .where('assets.organisation_id', '=', demo.organisationId)
      .execute();
    expect(assets).toHaveLength(demo.counts.assets);
    expect(assets.length).toBeGreaterThan(80);
    expect(assets.every((a) => a.kind === 'link' && ['delivered', 'closed'].includes(a.status))).toBe(true);
    expect(assets.every((a) => ['marketer', 'marketing_lead'].includes(a.publisher_role))).toBe(true);
    const reuses = await db
      .selectFrom('asset_reuses')
      .innerJoin('users', 'users.id', 'asset_reuses.user_id')
      .select(['asset_reuses.asset_id', 'users.role'])
      .where('asset_reuses.organisation_id', '=', demo.organisationId)
      .execute();
    expect(reuses).toHaveLength(demo.counts.reuses);
    expect(reuses.every((r) => r.role === 'sales_rep' || r.role === 'sales_lead')).toBe(true);
    const reuseCounts = countBy(reuses, (r) => r.asset_id);
    const [popularId, popularCount] = Object.entries(reuseCounts).sort((a, b) => b[1] - a[1])[0] as [string, number];
    expect(popularCount).toBeGreaterThanOrEqual(10);

    const rep = await clientOf('sales_rep');
    const page = await rep.inject({ method: 'GET', url: '/api/assets?pageSize=100' });
    expect(page.statusCode).toBe(200);
    expect(page.json().total).toBe(demo.counts.assets);
    const popular = await rep.inject({ method: 'GET', url: `/api/assets/${popularId}` });
    expect(popular.json().reuseCount).toBe(popularCount);

    // The search index follows the plain inserts: a word of a demo asset's title finds it.
    const datasheet = assets.find((a) => a.title.startsWith('Datenblatt '));
    expect(datasheet).toBeDefined();
    const product = datasheet?.title.replace(/^Datenblatt /, '').replace(/ \(Stand .*\)$/, '') ?? '';
    const found = await rep.inject({ method: 'GET', url: `/api/assets?q=${encodeURIComponent(`Datenblatt ${product}`)}` });
    expect(found.statusCode).toBe(200);
    expect((found.json().items as AssetSummary[]).map((a) => a.id)).toContain(datasheet?.id);
    expect((found.json().items as AssetSummary[])[0]?.tags).toContain('datenblatt');
    const tags = await rep.inject({ method: 'GET', url: '/api/asset-tags' });
    expect(tags.json()).toEqual(expect.arrayContaining([expect.objectContaining({ tag: 'datenblatt' })]));
    const suggested = await rep.inject({
      method: 'GET',
      url: `/api/suggestions?text=${encodeURIComponent(`Bitte aktuelles Datenblatt ${product}`)}`,
    });
    expect((suggested.json().assets as AssetSummary[]).map((a) => a.title)).toEqual(
      expect.arrayContaining([expect.stringContaining(product)]),
    );
  });
});
