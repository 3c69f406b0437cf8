import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor, TRUST_CHECK_ITEMS } from '../../../common/instrument/forms.js';
import { DRIVER_IDS } from '../../../common/instrument/items.js';
import { RECOMMENDATIONS } from '../../../common/instrument/recommendations.js';
import { type Answers, respondentDriverScore, respondentTrustIndex } from '../../../common/instrument/scoring.js';
import { readTestDatabaseUrl } from '../../config.js';
import { type Database, openDatabase } from '../../db/database.js';
import { groupKeyOf } from '../../lib/anonymity/index.js';
import { createRandom } from '../../lib/random.js';
import { keyDriverAnalysis } from '../../lib/stats/key-drivers.js';
import { type Client, createOrganisationWithRoles, createTeam, createUser, type TestUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { storeStatisticsOfClosedCycles } from '../jobs/closed-cycle-statistics.job.js';
import { storeClosedCycleStatistics } from './dashboard.service.js';

const closesOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const pulseItems = () => pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)));

interface Team {
  id: string;
  reps: TestUser[];
}

/** An organisation with sales teams of the given sizes in the given regions (default Nord). */
async function organisationWithTeams(ctx: TestContext, teams: { size: number; region?: string }[]) {
  const org = await createOrganisationWithRoles(ctx.app, ctx.database.db);
  const created: Team[] = [];
  for (const { size, region } of teams) {
    const team = await createTeam(ctx.database.db, org.organisation.id, { region: region ?? 'Nord' });
    const reps: TestUser[] = [];
    for (let i = 0; i < size; i++) {
      reps.push(await createUser(ctx.database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id }));
    }
    created.push({ id: team.id, reps });
  }
  return { ...org, teams: created };
}

async function openCycle(client: Client, form: 'pulse' | 'trust_check', teamIds: string[], withMirror = false) {
  const opened = await client.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form, audienceTeamIds: teamIds, closesOn: closesOn(), withMirror },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  return opened.json().id as string;
}

async function closeCycle(client: Client, cycleId: string) {
  const closed = await client.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
  expect(closed.statusCode, closed.body).toBe(200);
}

/** The personal link of each recipient for one cycle (the newest mail to them). */
async function tokensOfCycle(ctx: TestContext, organisationId: string, seen: Set<string>) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const tokens = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (!token || seen.has(token)) continue;
    seen.add(token);
    tokens.set(mail.recipient, token);
  }
  return tokens;
}

async function answer(ctx: TestContext, token: string | undefined, answers: Record<string, unknown>) {
  expect(token).toBeDefined();
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/answer/${token}`,
    payload: { clientKey: `key-${randomUUID()}`, answers },
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** Pulse answers: the given trust and iNPS answers, every driver statement `driver`. */
function pulseAnswers(trust: [number, number], inps: number, driver = 4, items = pulseItems()) {
  const answers: Record<string, number | string> = {};
  for (const item of items) if (item.kind === 'likert') answers[item.id] = driver;
  answers.TRUST1 = trust[0];
  answers.TRUST2 = trust[1];
  answers.INPS = inps;
  return answers;
}

/** Trust-check answers around a latent level, so that drivers and trust go together (with noise). */
function trustCheckAnswers(random: ReturnType<typeof createRandom>) {
  const level = random.int(1, 5);
  const answers: Record<string, number | null> = {};
  for (const item of TRUST_CHECK_ITEMS) {
    if (item.kind === 'likert') answers[item.id] = Math.min(5, Math.max(1, level + random.int(-1, 1)));
    if (item.kind === 'nps') answers[item.id] = Math.min(10, Math.max(0, level * 2 + random.int(-1, 1)));
  }
  // Some "can't judge" answers.
  if (random.int(0, 3) === 0) answers.BUF1 = null;
  return answers;
}

/** A second instance of the app on the same database: its own connection and its own memory. */
async function anotherInstance(c: TestContext): Promise<Database> {
  if (c.dialect === 'postgres') return openDatabase({ databaseUrl: readTestDatabaseUrl(), poolSize: 2 });
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(c.database.db);
  return openDatabase({ sqliteFile: rows[0]?.file ?? '' });
}

describeEachDialect('trust dashboard', (ctx) => {
  /** Dashboard routes for which a test below has seen a hidden group answered without any number. */
  const hiddenGroupChecked = new Set<string>();
  const DASHBOARD = 'GET /api/dashboard';
  const CSV = 'GET /api/dashboard/export.csv';

  function expectHidden(response: LightMyRequestResponse, reason?: string) {
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['available', 'filter', 'reason']);
    expect(body.available).toBe(false);
    if (reason) expect(body.reason).toBe(reason);
    hiddenGroupChecked.add(DASHBOARD);
  }
  function expectHiddenCsv(response: LightMyRequestResponse, reason: string) {
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`not_available,${reason},,,,,,,`);
    hiddenGroupChecked.add(CSV);
  }

  it('shows trust index, iNPS, drivers and the trend with a Welch change from stored moments of closed cycles', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [{ size: 5 }, { size: 5 }]);
    const teamIds = teams.map((t) => t.id);
    const reps = teams.flatMap((t) => t.reps);
    const seen = new Set<string>();

    // Before any closed cycle there is nothing to show.
    expectHidden(await clients.executive.inject({ method: 'GET', url: '/api/dashboard' }), 'no_cycle');

    const first = await openCycle(clients.marketing_lead, 'pulse', teamIds);
    let tokens = await tokensOfCycle(c, organisation.id, seen);
    // Trust answers 3/3 → index 50 for all ten; iNPS 8 (passive).
    for (const rep of reps) await answer(c, tokens.get(rep.email), pulseAnswers([3, 3], 8, 3));
    await closeCycle(clients.marketing_lead, first);

    const second = await openCycle(clients.marketing_lead, 'pulse', teamIds);
    tokens = await tokensOfCycle(c, organisation.id, seen);
    // Five at 100 (5/5, promoters), five at 75 (4/4, passives): index 87.5, iNPS 50.
    for (const [i, rep] of reps.entries()) {
      const high = i % 2 === 0;
      await answer(c, tokens.get(rep.email), pulseAnswers(high ? [5, 5] : [4, 4], high ? 10 : 8, high ? 5 : 4));
    }
    // Still open: the default is the latest closed cycle.
    let response = await clients.executive.inject({ method: 'GET', url: '/api/dashboard' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ available: true, cycle: { id: first, status: 'closed' }, n: 10 });
    // An open cycle is computed from its answers on each request and stores nothing.
    response = await clients.executive.inject({ method: 'GET', url: `/api/dashboard?cycleId=${second}` });
    expect(response.json().trustIndex.value).toBeCloseTo(87.5, 10);
    const storedOpen = await c.database.db
      .selectFrom('analytics_cycle_statistics')
      .selectAll()
      .where('cycle_id', '=', second)
      .execute();
    expect(storedOpen).toEqual([]);
    await closeCycle(clients.marketing_lead, second);

    response = await clients.marketing_lead.inject({ method: 'GET', url: '/api/dashboard' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ available: true, cycle: { id: second }, n: 10 });
    expect(body.trustIndex.value).toBeCloseTo(87.5, 10);
    expect(body.inps).toMatchObject({ available: true, promoterShare: 0.5, detractorShare: 0 });
    expect(body.inps.value).toBeCloseTo(50, 10);
    // Values 100 and 75, five each: s = 13.176, t(0.975, 9) = 2.2622 → 87.5 ± 9.4262.
    expect(body.trustIndex.lower).toBeCloseTo(87.5 - 2.262157 * (Math.sqrt(625 / 3.6) / Math.sqrt(10)), 4);
    // Change 50 → 87.5; before has no spread, so the standard error is s_after/√10 with df 9.
    expect(body.trustIndex.change).toMatchObject({ previousCycleId: first, isRealChange: true });
    expect(body.trustIndex.change.difference).toBeCloseTo(37.5, 10);
    expect(body.trend.map((p: { cycleId: string }) => p.cycleId)).toEqual([first, second]);
    expect(body.trend[0]).toMatchObject({ trustIndex: 50, inps: 0, trustIndexChange: null });
    const driver = body.drivers.find((d: { driverId: string }) => d.driverId === 'AMB');
    expect(driver).toMatchObject({ available: true, value: 4.5, favourableShare: 1 });
    expect(driver.change.difference).toBeCloseTo(1.5, 10);

    // The same figures as the cycle results, which compute from the raw answers.
    const results = (await clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${second}/results` })).json();
    expect(body.trustIndex.value).toBeCloseTo(results.trustIndex, 10);
    expect(body.inps.value).toBeCloseTo(results.inps, 10);
    for (const figure of results.drivers) {
      const mine = body.drivers.find((d: { driverId: string }) => d.driverId === figure.driverId);
      expect(mine.value).toBeCloseTo(figure.mean, 10);
      expect(mine.favourableShare).toBeCloseTo(figure.favourableShare, 10);
    }

    // Stored once per closed cycle and atom, with no person and no time in the rows.
    const stored = await c.database.db
      .selectFrom('analytics_atom_moments')
      .selectAll()
      .where('organisation_id', '=', organisation.id)
      .execute();
    expect(new Set(stored.map((row) => row.cycle_id))).toEqual(new Set([first, second]));
    expect(Object.keys(stored[0] ?? {}).sort()).toEqual(
      [
        'atom_region',
        'atom_role',
        'atom_team_id',
        'atom_tenure_band',
        'cycle_id',
        'form',
        'headline',
        'invited',
        'moments',
        'organisation_id',
        'release_epoch',
        'respondents',
      ].sort(),
    );
    const userIds = (
      await c.database.db.selectFrom('users').select('id').where('organisation_id', '=', organisation.id).execute()
    ).map((u) => u.id);
    for (const row of stored) for (const id of userIds) expect(JSON.stringify(row)).not.toContain(id);
    // A second read answers the same from what is stored.
    const again = (await clients.marketing_lead.inject({ method: 'GET', url: '/api/dashboard' })).json();
    expect(again).toEqual(body);

    // Fewer than 30 complete answers: no key-driver analysis, no quadrant, no focus areas.
    expect(body.keyDrivers).toEqual({ available: false, reason: 'too_few_answers' });
    expect(body.quadrant).toEqual([]);
    // Pulses ask two trust statements: alpha for TRUST only.
    expect(body.reliability.map((r: { construct: string }) => r.construct)).toEqual(['TRUST']);
    expect(body.perceptionGap).toBeNull();

    const csv = await clients.marketing_lead.inject({ method: 'GET', url: '/api/dashboard/export.csv?separator=semicolon' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/headline;trust_index;87[.,]5/);
  });

  it('fills statistics of a closed cycle once under concurrent first reads', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [{ size: 6 }]);
    const team = teams[0] as Team;
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [team.id]);
    const tokens = await tokensOfCycle(c, organisation.id, new Set());
    for (const rep of team.reps) await answer(c, tokens.get(rep.email), pulseAnswers([4, 5], 9));
    await closeCycle(clients.marketing_lead, cycleId);
    const responses = await Promise.all(
      [clients.executive, clients.marketing_lead, clients.admin, clients.executive].map((client) =>
        client.inject({ method: 'GET', url: `/api/dashboard?cycleId=${cycleId}` }),
      ),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    const bodies = responses.map((response) => response.json());
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    const markers = await c.database.db
      .selectFrom('analytics_cycle_statistics')
      .selectAll()
      .where('cycle_id', '=', cycleId)
      .execute();
    expect(markers).toHaveLength(1);
    const atoms = await c.database.db.selectFrom('analytics_atom_moments').selectAll().where('cycle_id', '=', cycleId).execute();
    expect(atoms.length).toBe(markers[0]?.atoms);
  });

  it('stores at close exactly what a first read stores, and reads a trend from it', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [
      { size: 8 },
      { size: 6 },
      { size: 7, region: 'Süd' },
    ]);
    const cycleIds: string[] = [];
    const seen = new Set<string>();
    for (const trust of [[3, 4] as [number, number], [4, 5] as [number, number]]) {
      const cycleId = await openCycle(
        clients.marketing_lead,
        'pulse',
        teams.map((team) => team.id),
      );
      const tokens = await tokensOfCycle(c, organisation.id, seen);
      for (const team of teams) {
        for (const rep of team.reps.slice(0, team.reps.length - 1))
          await answer(c, tokens.get(rep.email), pulseAnswers(trust, 8));
      }
      await closeCycle(clients.marketing_lead, cycleId);
      cycleIds.push(cycleId);
    }
    const read = async () => {
      const bodies = [];
      for (const query of ['', '&region=Nord', `&team=${(teams[0] as Team).id}`, `&team=${(teams[1] as Team).id}`]) {
        const response = await clients.executive.inject({ method: 'GET', url: `/api/dashboard?cycleId=${cycleIds[1]}${query}` });
        expect(response.statusCode, response.body).toBe(200);
        bodies.push(response.json());
      }
      return bodies;
    };
    const lazily = await read();
    expect(lazily[0]).toMatchObject({ available: true });
    expect(lazily[0].trend.map((point: { trustIndex: number | null }) => point.trustIndex)).toEqual([62.5, 87.5]);
    expect(lazily[0].trustIndex.change).toMatchObject({ previousCycleId: cycleIds[0], difference: 25 });
    const storedRows = async () => {
      const rows = await c.database.db
        .selectFrom('analytics_group_figures')
        .selectAll()
        .where('cycle_id', 'in', cycleIds)
        .orderBy('cycle_id')
        .orderBy('group_key')
        .execute();
      const markers = await c.database.db
        .selectFrom('analytics_cycle_group_figures')
        .selectAll()
        .where('cycle_id', 'in', cycleIds)
        .orderBy('cycle_id')
        .execute();
      return { rows, markers };
    };
    const firstRead = await storedRows();
    expect(firstRead.markers).toHaveLength(2);
    expect(firstRead.rows.length).toBe(firstRead.markers.reduce((sum, marker) => sum + marker.groups, 0));
    // A group that shows nothing has no row: its sums are never stored.
    const hidden = lazily[0].heatmap.rows
      .filter((row: { available: boolean }) => !row.available)
      .map((row: { teamId: string }) => `team=${row.teamId}`);
    for (const key of hidden) expect(firstRead.rows.map((row) => row.group_key)).not.toContain(key);

    for (const table of ['analytics_group_figures', 'analytics_cycle_group_figures'] as const) {
      await c.database.db.deleteFrom(table).where('cycle_id', 'in', cycleIds).execute();
    }
    const cycles = await c.database.db.selectFrom('survey_cycles').selectAll().where('id', 'in', cycleIds).execute();
    for (const cycle of cycles) {
      await storeClosedCycleStatistics(c.deps, cycle);
      await storeClosedCycleStatistics(c.deps, cycle);
    }
    expect(await storedRows()).toEqual(firstRead);
    expect(await read()).toEqual(lazily);
    const open = await c.database.db
      .selectFrom('survey_cycles')
      .selectAll()
      .where('id', '=', cycleIds[0] as string)
      .executeTakeFirst();
    await expect(storeClosedCycleStatistics(c.deps, { ...(open as (typeof cycles)[number]), status: 'open' })).rejects.toThrow();
  });

  it('suppresses the heatmap complementarily and refuses hidden or unoffered groups without a number', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [{ size: 8 }, { size: 6 }]);
    const [big, small] = teams as [Team, Team];
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [big.id, small.id]);
    const tokens = await tokensOfCycle(c, organisation.id, new Set());
    for (const rep of [...big.reps, ...small.reps.slice(0, 3)]) await answer(c, tokens.get(rep.email), pulseAnswers([4, 4], 8));
    await closeCycle(clients.marketing_lead, cycleId);

    const region = await clients.executive.inject({ method: 'GET', url: '/api/dashboard?region=Nord' });
    expect(region.statusCode, region.body).toBe(200);
    const body = region.json();
    expect(body).toMatchObject({ available: true, n: 11, trustIndex: { value: 75 } });
    const rows = new Map(body.heatmap.rows.map((row: { teamId: string }) => [row.teamId, row]));
    expect(rows.get(small.id)).toEqual({
      teamId: small.id,
      teamName: expect.any(String),
      available: false,
      reason: 'below_minimum',
    });
    // Shown, the big team would reveal the small one as region minus big team.
    expect(rows.get(big.id)).toEqual({ teamId: big.id, teamName: expect.any(String), available: false, reason: 'complementary' });

    expectHidden(await clients.executive.inject({ method: 'GET', url: `/api/dashboard?team=${big.id}` }), 'complementary');
    expectHidden(await clients.executive.inject({ method: 'GET', url: `/api/dashboard?team=${small.id}` }), 'below_minimum');
    expectHidden(await clients.executive.inject({ method: 'GET', url: `/api/dashboard?team=${randomUUID()}` }), 'below_minimum');
    expectHidden(await clients.executive.inject({ method: 'GET', url: '/api/dashboard?tenureBand=*' }), 'not_offered');
    expectHidden(
      await clients.executive.inject({ method: 'GET', url: `/api/dashboard?region=Nord&team=${big.id}` }),
      'not_offered',
    );
    expectHidden(await clients.executive.inject({ method: 'GET', url: '/api/dashboard?region=Süd' }), 'below_minimum');
    expectHiddenCsv(
      await clients.executive.inject({ method: 'GET', url: `/api/dashboard/export.csv?team=${big.id}` }),
      'complementary',
    );
    const csv = await clients.executive.inject({ method: 'GET', url: '/api/dashboard/export.csv?region=Nord' });
    expect(csv.body).toMatch(/,not_available,complementary,/);
    expect(csv.body).toMatch(/,not_available,below_minimum,/);
  });

  it('limits each role: marketers the organisation level, sales leads their own team above k, reps nothing', async () => {
    const c = ctx();
    const { clients, organisation, team: leadTeam, teams } = await organisationWithTeams(c, [{ size: 6 }]);
    const other = teams[0] as Team;
    const leadReps: TestUser[] = [];
    for (let i = 0; i < 5; i++) {
      leadReps.push(await createUser(c.database.db, organisation.id, { role: 'sales_rep', teamId: leadTeam.id }));
    }
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [leadTeam.id, other.id]);
    const tokens = await tokensOfCycle(c, organisation.id, new Set());
    for (const rep of other.reps) await answer(c, tokens.get(rep.email), pulseAnswers([2, 2], 3));
    // Four of the lead's team answer: under k.
    for (const rep of leadReps.slice(0, 4)) await answer(c, tokens.get(rep.email), pulseAnswers([5, 5], 10));
    await closeCycle(clients.marketing_lead, cycleId);

    const marketer = (await clients.marketer.inject({ method: 'GET', url: '/api/dashboard' })).json();
    expect(marketer).toMatchObject({ available: true, filter: {}, heatmap: null });
    expect((await clients.marketer.inject({ method: 'GET', url: `/api/dashboard?team=${other.id}` })).statusCode).toBe(403);

    // The lead's own team is under k: hidden, and no other group is offered instead.
    expectHidden(await clients.sales_lead.inject({ method: 'GET', url: '/api/dashboard' }), 'below_minimum');
    expectHiddenCsv(await clients.sales_lead.inject({ method: 'GET', url: '/api/dashboard/export.csv' }), 'below_minimum');
    for (const query of [`team=${other.id}`, 'region=Nord', 'tenureBand=unknown']) {
      const refused = await clients.sales_lead.inject({ method: 'GET', url: `/api/dashboard?${query}` });
      expect(refused.statusCode, query).toBe(403);
    }
    expect((await clients.sales_rep.inject({ method: 'GET', url: '/api/dashboard' })).statusCode).toBe(403);

    // A second cycle in which the lead's team answers fully: the lead sees their team, and only it.
    const next = await openCycle(clients.marketing_lead, 'pulse', [leadTeam.id, other.id]);
    const nextTokens = await tokensOfCycle(c, organisation.id, new Set(tokens.values()));
    for (const rep of [...leadReps, ...other.reps]) await answer(c, nextTokens.get(rep.email), pulseAnswers([5, 5], 10));
    await closeCycle(clients.marketing_lead, next);
    const lead = await clients.sales_lead.inject({ method: 'GET', url: `/api/dashboard?team=${leadTeam.id}` });
    expect(lead.statusCode, lead.body).toBe(200);
    const leadBody = lead.json();
    expect(leadBody).toMatchObject({ available: true, filter: { team: leadTeam.id }, trustIndex: { value: 100 } });
    expect(leadBody.heatmap.rows.map((row: { teamId: string }) => row.teamId)).toEqual([leadTeam.id]);
    // The earlier cycle withheld the team: no trend point, no change. Its form still shows (a cycle's
    // form says nothing about anyone), so that the chart breaks the right series there.
    expect(leadBody.trend[0]).toEqual({
      cycleId,
      title: expect.any(String),
      form: 'pulse',
      opensOn: expect.any(String),
      trustIndex: null,
      inps: null,
      trustIndexChange: null,
      inpsChange: null,
    });
    expect(leadBody.trustIndex.change).toBeNull();

    // Bad input: 400 with a code; an unknown cycle is 404, also for another organisation's cycle.
    for (const query of ['cycleId=not-a-uuid', 'team=', `region=${'x'.repeat(201)}`]) {
      const bad = await clients.executive.inject({ method: 'GET', url: `/api/dashboard?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.code).toBeTruthy();
    }
    expect((await clients.executive.inject({ method: 'GET', url: `/api/dashboard?cycleId=${randomUUID()}` })).statusCode).toBe(
      404,
    );
    const stranger = await createOrganisationWithRoles(c.app, c.database.db);
    expect((await stranger.clients.admin.inject({ method: 'GET', url: `/api/dashboard?cycleId=${next}` })).statusCode).toBe(404);
    expect((await clients.executive.inject({ method: 'GET', url: '/api/dashboard/export.csv?separator=tab' })).statusCode).toBe(
      400,
    );
  });

  it('runs the key-driver analysis with stored bootstrap intervals, focus areas, reliability and the perception gap', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [{ size: 17 }, { size: 17 }]);
    for (let i = 0; i < 4; i++) await createUser(c.database.db, organisation.id, { role: 'marketer' });
    const cycleId = await openCycle(
      clients.marketing_lead,
      'trust_check',
      teams.map((t) => t.id),
      true,
    );
    const tokens = await tokensOfCycle(c, organisation.id, new Set());
    const random = createRandom(`dashboard-${c.dialect}`);
    const given: Answers[] = [];
    for (const rep of teams.flatMap((t) => t.reps)) {
      const answers = trustCheckAnswers(random);
      given.push(answers as Answers);
      await answer(c, tokens.get(rep.email), answers);
    }
    const marketers = await c.database.db
      .selectFrom('users')
      .select('email')
      .where('organisation_id', '=', organisation.id)
      .where('role', 'in', ['marketer', 'marketing_lead'])
      .execute();
    for (const { email } of marketers) {
      const form = (await c.app.inject({ method: 'GET', url: `/api/answer/${tokens.get(email)}` })).json();
      await answer(c, tokens.get(email), Object.fromEntries((form.itemIds as string[]).map((id) => [id, 5])));
    }
    await closeCycle(clients.marketing_lead, cycleId);

    const body = (await clients.executive.inject({ method: 'GET', url: '/api/dashboard' })).json();
    expect(body).toMatchObject({ available: true, n: 34 });
    // Independent: the analysis of the raw answers with the same seed.
    const expected = keyDriverAnalysis(
      given.map((answers) => ({
        trustIndex: respondentTrustIndex(answers),
        driverScores: Object.fromEntries(DRIVER_IDS.map((d) => [d, respondentDriverScore(answers, d)])),
      })),
      DRIVER_IDS,
      { seed: `${cycleId}|org`, replicates: 1000 },
    );
    if ('insufficient' in expected) throw new Error('the generated answers must allow the analysis');
    expect(body.keyDrivers).toMatchObject({ available: true, n: expected.n, replicates: expected.replicates });
    expect(body.keyDrivers.r2).toBeCloseTo(expected.r2, 9);
    for (const [j, entry] of expected.drivers.entries()) {
      const mine = body.keyDrivers.drivers[j];
      expect(mine.driverId).toBe(entry.driver);
      expect(mine.share).toBeCloseTo(entry.share, 9);
      expect(mine.shareLower).toBeCloseTo(entry.shareLower, 9);
      expect(mine.shareUpper).toBeCloseTo(entry.shareUpper, 9);
    }
    const stored = await c.database.db
      .selectFrom('analytics_key_driver_intervals')
      .select(['group_key'])
      .where('cycle_id', '=', cycleId)
      .execute();
    expect(stored).toEqual([{ group_key: 'org' }]);

    expect(body.quadrant).toHaveLength(8);
    const focus = body.quadrant
      .filter((q: { isFocusArea: boolean }) => q.isFocusArea)
      .map((q: { driverId: string }) => q.driverId);
    expect(body.focusAreas.map((f: { driverId: string }) => f.driverId).sort()).toEqual([...focus].sort());
    for (const area of body.focusAreas) {
      const recommendation = RECOMMENDATIONS[area.driverId as keyof typeof RECOMMENDATIONS];
      expect(area.recommendation).toEqual({ id: recommendation.id, text: recommendation.text });
      expect(area.levers.map((l: { id: string }) => l.id)).toEqual(recommendation.levers);
    }
    expect(body.reliability).toHaveLength(9);
    for (const entry of body.reliability) {
      expect(entry.available).toBe(true);
      expect(entry.flagged).toBe(entry.alpha < 0.7);
    }
    // Marketing rates itself 5 everywhere: the gap is 5 minus sales' view.
    for (const entry of body.perceptionGap) {
      const sales = body.drivers.find((d: { driverId: string }) => d.driverId === entry.driverId).value;
      expect(entry).toMatchObject({ marketing: 5 });
      expect(entry.gap).toBeCloseTo(5 - sales, 10);
    }

    // Each team has 17, under 30: no analysis for a team; the team figures are shown.
    const team = (await clients.executive.inject({ method: 'GET', url: `/api/dashboard?team=${teams[0]?.id}` })).json();
    expect(team.keyDrivers).toEqual({ available: false, reason: 'too_few_answers' });
    expect(team.heatmap.rows).toHaveLength(1);
    expect(team.heatmap.rows[0].cells).toHaveLength(8);
  });

  it('stores a closed cycle in the background job, and a read afterwards computes nothing', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [
      { size: 16 },
      { size: 16 },
      { size: 16, region: 'Süd' },
      { size: 16, region: 'Süd' },
    ]);
    const cycleId = await openCycle(
      clients.marketing_lead,
      'trust_check',
      teams.map((t) => t.id),
    );
    const tokens = await tokensOfCycle(c, organisation.id, new Set());
    const random = createRandom(`background-${c.dialect}`);
    for (const rep of teams.flatMap((t) => t.reps)) await answer(c, tokens.get(rep.email), trustCheckAnswers(random));
    await closeCycle(clients.marketing_lead, cycleId);

    const storedOfCycle = async () => {
      const { db } = c.database;
      return {
        atoms: await db
          .selectFrom('analytics_atom_moments')
          .selectAll()
          .where('cycle_id', '=', cycleId)
          .orderBy('atom_team_id')
          .orderBy('atom_tenure_band')
          .orderBy('atom_role')
          .execute(),
        markers: await db.selectFrom('analytics_cycle_statistics').selectAll().where('cycle_id', '=', cycleId).execute(),
        groups: await db
          .selectFrom('analytics_group_figures')
          .selectAll()
          .where('cycle_id', '=', cycleId)
          .orderBy('group_key')
          .execute(),
        figureMarkers: await db.selectFrom('analytics_cycle_group_figures').selectAll().where('cycle_id', '=', cycleId).execute(),
        intervals: await db
          .selectFrom('analytics_key_driver_intervals')
          .selectAll()
          .where('cycle_id', '=', cycleId)
          .orderBy('group_key')
          .execute(),
      };
    };
    // Closing answered at once and left the statistics to the job.
    const afterClose = await storedOfCycle();
    expect(afterClose.markers).toEqual([]);
    expect(afterClose.figureMarkers).toEqual([]);
    // An open cycle is no business of the job: its answers still change.
    const open = await openCycle(
      clients.marketing_lead,
      'pulse',
      teams.map((t) => t.id),
    );

    // The job runs on another instance: its own connection and its own memory.
    const other = await anotherInstance(c);
    try {
      const job = { ...c.deps, database: other };
      expect(await storeStatisticsOfClosedCycles(job, { organisationIds: [organisation.id] })).toBe(1);
      const stored = await storedOfCycle();
      expect(stored.markers).toHaveLength(1);
      expect(stored.figureMarkers.map((marker) => marker.form)).toEqual(['sales']);
      // 64 respondents, 32 per region: the organisation and both regions get their intervals at close.
      expect(stored.intervals.map((row) => row.group_key)).toEqual(
        ['org', groupKeyOf({ region: 'Nord' }), groupKeyOf({ region: 'Süd' })].sort(),
      );
      // Done: the next run finds nothing.
      expect(await storeStatisticsOfClosedCycles(job, { organisationIds: [organisation.id] })).toBe(0);
      const openStored = await c.database.db
        .selectFrom('analytics_cycle_statistics')
        .selectAll()
        .where('cycle_id', '=', open)
        .execute();
      expect(openStored).toEqual([]);

      // Without the answers, a read that computed anything from them would show other figures.
      await c.database.db.deleteFrom('survey_answers').where('cycle_id', '=', cycleId).execute();
      for (const query of ['', '?region=Nord', `?region=${encodeURIComponent('Süd')}`]) {
        const body = (await clients.executive.inject({ method: 'GET', url: `/api/dashboard${query}` })).json();
        expect(body, query).toMatchObject({ available: true, cycle: { id: cycleId }, n: query === '' ? 64 : 32 });
        expect(body.keyDrivers.available, query).toBe(true);
        const key = query === '' ? 'org' : groupKeyOf({ region: query === '?region=Nord' ? 'Nord' : 'Süd' });
        const interval = stored.intervals.find((row) => row.group_key === key);
        expect(body.keyDrivers).toEqual(JSON.parse(interval?.analysis ?? 'null').result);
      }
      expect(await storedOfCycle()).toEqual(stored);

      // A run cut off before the marker of its sales figures is redone on the next tick, to the same rows.
      await c.database.db.deleteFrom('analytics_group_figures').where('cycle_id', '=', cycleId).execute();
      await c.database.db.deleteFrom('analytics_cycle_group_figures').where('cycle_id', '=', cycleId).execute();
      expect(await storeStatisticsOfClosedCycles(job, { organisationIds: [organisation.id] })).toBe(1);
      expect(await storedOfCycle()).toEqual(stored);
    } finally {
      await other.close();
    }
  });

  it('compares like with like: a cycle with the latest earlier one of its form that asked the same statements', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [{ size: 6 }]);
    const team = teams[0] as Team;
    const seen = new Set<string>();
    const month = pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7));
    /** Opens, answers and closes a cycle; `pulseIndex` moves a pulse to another month's statements. */
    const runCycle = async (form: 'pulse' | 'trust_check', answersOf: () => Record<string, unknown>, pulseIndex?: number) => {
      const cycleId = await openCycle(clients.marketing_lead, form, [team.id]);
      if (pulseIndex !== undefined) {
        await c.database.db.updateTable('survey_cycles').set({ pulse_index: pulseIndex }).where('id', '=', cycleId).execute();
      }
      const tokens = await tokensOfCycle(c, organisation.id, seen);
      for (const rep of team.reps) await answer(c, tokens.get(rep.email), answersOf());
      await closeCycle(clients.marketing_lead, cycleId);
      return cycleId;
    };
    const trustCheck = (trust: number, driver: number) => {
      const answers: Record<string, number> = {};
      for (const item of TRUST_CHECK_ITEMS)
        if (item.kind === 'likert') answers[item.id] = item.construct === 'TRUST' ? trust : driver;
      answers.INPS = 8;
      return answers;
    };
    // Trust answers 3, 5, 4, 4 (indices 50, 100, 75, 75); drivers 2, 5, 3, 4; half of each team answers a little higher.
    let i = 0;
    const spread = (value: number) => Math.min(5, value + (i++ % 2));
    const first = await runCycle('pulse', () => pulseAnswers([3, 3], 8, spread(2)));
    const check = await runCycle('trust_check', () => trustCheck(5, spread(4)));
    const second = await runCycle('pulse', () => pulseAnswers([4, 4], 8, spread(3)));
    const rotated = await runCycle('pulse', () => pulseAnswers([4, 4], 8, spread(4), pulseItemsFor(month + 1)), month + 1);

    const read = async (cycleId: string) => {
      const response = await clients.executive.inject({ method: 'GET', url: `/api/dashboard?cycleId=${cycleId}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    // The trust check asks TRUST3 too: no earlier trust check, no change, and no driver change either.
    const checkBody = await read(check);
    expect(checkBody.trustIndex.change).toBeNull();
    expect(checkBody.inps.change).toBeNull();
    for (const driver of checkBody.drivers) expect(driver.change, driver.driverId).toBeNull();

    // The second pulse compares with the first pulse, not with the trust check in between.
    const secondBody = await read(second);
    expect(secondBody.trustIndex.change).toMatchObject({ previousCycleId: first });
    expect(secondBody.trustIndex.change.difference).toBeCloseTo(25, 10);
    for (const driver of secondBody.drivers) {
      expect(driver.change, driver.driverId).toMatchObject({ previousCycleId: first });
      expect(driver.change.difference, driver.driverId).toBeCloseTo(1, 10);
    }
    expect(secondBody.trend.map((point: { cycleId: string }) => point.cycleId)).toEqual([first, check, second]);
    // Each point names its form: the chart draws pulses and trust checks as two series.
    expect(secondBody.trend.map((point: { form: string }) => point.form)).toEqual(['pulse', 'trust_check', 'pulse']);
    expect(
      secondBody.trend.map(
        (point: { trustIndexChange: { previousCycleId: string } | null }) => point.trustIndexChange?.previousCycleId ?? null,
      ),
    ).toEqual([null, null, first]);

    // A pulse that asks other statements of every driver: its trust index compares with the pulse before
    // it (TRUST1 and TRUST2 every month), its drivers with none (the pulse that asked the same is not here).
    const rotatedBody = await read(rotated);
    expect(rotatedBody.trustIndex.change).toMatchObject({ previousCycleId: second, difference: 0 });
    for (const driver of rotatedBody.drivers) expect(driver.change, driver.driverId).toBeNull();
  });

  it('covers every dashboard route with a test that sees a hidden group', () => {
    const routes = ctx()
      .app.apiRoutes.map((route) => `${route.method} ${route.url}`)
      .filter((key) => key.startsWith('GET /api/dashboard'));
    expect(routes.sort()).toEqual([DASHBOARD, CSV].sort());
    for (const key of routes) expect(hiddenGroupChecked.has(key), `${key} has no hidden-group test`).toBe(true);
  });
});
