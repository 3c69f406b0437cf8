import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../common/roles.js';
import { describeEachDialect } from '../../test/harness.js';
import { DEMO_PASSWORD, demoLogins, seedDemoCompany } from './demo.service.js';
import {
  asciiFold,
  DEMO_AS_OF,
  DEMO_EMAIL_DOMAIN,
  DEMO_ORGANISATION_NAME,
  type DemoCompanyData,
  generateDemoCompany,
  TIER_POTENTIAL,
} from './demo-generator.js';

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
