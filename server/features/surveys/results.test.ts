import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor, TRUST_CHECK_ITEMS } from '../../../common/instrument/forms.js';
import { statementsOf } from '../../../common/instrument/items.js';
import {
  type Client,
  createOrganisationWithRoles,
  createTeam,
  createUser,
  signedInClient,
  type TestUser,
} from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

const closesOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const pulseItems = () => pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)));
/** The day release epochs opened in a test are dated. */
const today = () => new Date().toISOString().slice(0, 10);
const openItemOfPulse = () => pulseItems().find((item) => item.kind === 'open')?.id as string;

/** An organisation whose sales teams (of the given sizes, in region Nord) get a cycle; returns reps per team. */
async function organisationWithTeams(ctx: TestContext, sizes: number[]) {
  const org = await createOrganisationWithRoles(ctx.app, ctx.database.db);
  const teams: { id: string; reps: TestUser[] }[] = [];
  for (const size of sizes) {
    const team = await createTeam(ctx.database.db, org.organisation.id, { region: 'Nord' });
    const reps: TestUser[] = [];
    for (let i = 0; i < size; i++) {
      reps.push(await createUser(ctx.database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id }));
    }
    teams.push({ id: team.id, reps });
  }
  return { ...org, teams };
}

async function openCycle(client: Client, form: 'pulse' | 'trust_check', teamIds: string[]) {
  const opened = await client.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form, audienceTeamIds: teamIds, closesOn: closesOn() },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  return opened.json().id as string;
}

/** The latest personal link per recipient (a reminder replaces the invitation's link). */
async function latestTokens(ctx: TestContext, organisationId: string) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'subject', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const invitations = new Map<string, string>();
  const reminders = new Map<string, string[]>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (!token) continue;
    if (/^(Erinnerung|Reminder)/.test(mail.subject))
      reminders.set(mail.recipient, [...(reminders.get(mail.recipient) ?? []), token]);
    else invitations.set(mail.recipient, token);
  }
  return { invitations, reminders };
}

async function answer(ctx: TestContext, token: string | undefined, answers: Record<string, unknown>) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/answer/${token}`,
    payload: { clientKey: `key-${randomUUID()}`, answers },
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** Pulse answers: the given trust and iNPS answers, every driver statement 4, an open answer if given. */
function pulseAnswers(trust: [number, number], inps: number, comment?: string) {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItems()) {
    if (item.kind === 'likert') answers[item.id] = 4;
    else if (item.kind === 'open') answers[item.id] = comment ?? '';
  }
  answers.TRUST1 = trust[0];
  answers.TRUST2 = trust[1];
  answers.INPS = inps;
  return answers;
}

describeEachDialect('survey results through the anonymity plan', (ctx) => {
  /** Aggregate routes for which a test below has seen a hidden group answered without any number. */
  const hiddenGroupChecked = new Set<string>();

  function expectHidden(response: LightMyRequestResponse, route: string, reason?: string) {
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // Nothing but the filter and a reason: no n, no mean, no count of any kind.
    expect(Object.keys(body).sort()).toEqual(['available', 'filter', 'reason']);
    expect(body.available).toBe(false);
    if (reason) expect(body.reason).toBe(reason);
    hiddenGroupChecked.add(route);
  }
  const RESULTS = 'GET /api/survey-cycles/:id/results';
  const COMMENTS = 'GET /api/survey-cycles/:id/comments';
  const CYCLES = 'GET /api/survey-cycles';
  const CYCLE = 'GET /api/survey-cycles/:id';
  const PLANS = 'GET /api/action-plans';
  const PLAN = 'GET /api/action-plans/:id';

  it('hides a team of 6 with 4 answers (and the organisation made of it), shows it at 5 with hand-computed figures', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6]);
    const team = teams[0] as { id: string; reps: TestUser[] };
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [team.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    // Trust indices 100, 75, 62.5, 25, 12.5 → 55; iNPS 10, 9, 9, 7, 3 → 60 % − 20 % = 40.
    const given: [[number, number], number][] = [
      [[5, 5], 10],
      [[4, 4], 9],
      [[3, 4], 9],
      [[2, 2], 7],
      [[1, 2], 3],
    ];
    for (const [i, [trust, inps]] of given.slice(0, 4).entries()) {
      await answer(c, invitations.get(team.reps[i]?.email ?? ''), pulseAnswers(trust, inps));
    }
    const url = `/api/survey-cycles/${cycleId}/results`;
    expectHidden(await clients.executive.inject({ method: 'GET', url: `${url}?team=${team.id}` }), RESULTS, 'below_minimum');
    expectHidden(await clients.executive.inject({ method: 'GET', url }), RESULTS, 'below_minimum');

    const [trust, inps] = given[4] as [[number, number], number];
    await answer(c, invitations.get(team.reps[4]?.email ?? ''), pulseAnswers(trust, inps));
    for (const query of ['', `?team=${team.id}`]) {
      const response = await clients.executive.inject({ method: 'GET', url: `${url}${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ available: true, n: 5, invited: 6, inps: 40 });
      expect(body.trustIndex).toBeCloseTo(55, 10);
      expect(body.responseRate).toBeCloseTo(5 / 6, 10);
      const driver = body.drivers.find((d: { driverId: string }) => d.driverId === 'AMB');
      expect(driver).toEqual({ driverId: 'AMB', available: true, mean: 4, favourableShare: 1 });
      const trust1 = body.statements.find((s: { itemId: string }) => s.itemId === 'TRUST1');
      expect(trust1).toEqual({ itemId: 'TRUST1', available: true, mean: 3, favourableShare: 0.4 });
      const teamBreakdown = body.breakdowns.find((b: { attribute: string }) => b.attribute === 'team');
      expect(teamBreakdown.groups).toHaveLength(1);
      expect(teamBreakdown.groups[0]).toMatchObject({ value: team.id, available: true, n: 5, inps: 40 });
      expect(body.mirror).toBeNull();
    }

    const stranger = await createOrganisationWithRoles(c.app, c.database.db);
    const foreign = await stranger.clients.admin.inject({ method: 'GET', url });
    expect(foreign.statusCode).toBe(404);
  });

  it("narrows results to the viewer's role: a sales lead sees their own team only, a marketer the organisation only", async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6, 6]);
    const [own, other] = teams as [{ id: string; reps: TestUser[] }, { id: string; reps: TestUser[] }];
    const lead = await signedInClient(
      c.app,
      c.database.db,
      await createUser(c.database.db, organisation.id, { role: 'sales_lead', teamId: own.id }),
    );
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [own.id, other.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    for (const rep of [...own.reps.slice(0, 5), ...other.reps.slice(0, 5)]) {
      await answer(c, invitations.get(rep.email), pulseAnswers([4, 4], 9));
    }
    const url = `/api/survey-cycles/${cycleId}/results`;

    // The sales lead asks for nothing and gets their team, without the breakdowns that would list the others.
    const ownResults = await lead.inject({ method: 'GET', url });
    expect(ownResults.statusCode, ownResults.body).toBe(200);
    expect(ownResults.json()).toMatchObject({ available: true, filter: { team: own.id }, n: 5, breakdowns: [] });
    expect((await lead.inject({ method: 'GET', url: `${url}?team=${own.id}` })).statusCode).toBe(200);
    for (const query of [`?team=${other.id}`, '?region=Nord', `?team=${own.id}&tenureBand=lt1`]) {
      expect((await lead.inject({ method: 'GET', url: `${url}${query}` })).statusCode, query).toBe(403);
    }
    const foreignComments = await lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}/comments?team=${other.id}` });
    expect(foreignComments.statusCode).toBe(403);

    // A marketer reads the organisation and nothing narrower.
    const orgResults = await clients.marketer.inject({ method: 'GET', url });
    expect(orgResults.statusCode, orgResults.body).toBe(200);
    expect(orgResults.json()).toMatchObject({ available: true, filter: {}, n: 10, breakdowns: [] });
    expect((await clients.marketer.inject({ method: 'GET', url: `${url}?team=${own.id}` })).statusCode).toBe(403);

    // The marketing lead still sees every group.
    const otherTeam = await clients.marketing_lead.inject({ method: 'GET', url: `${url}?team=${other.id}` });
    expect(otherTeam.json()).toMatchObject({ available: true, n: 5 });
    expect((await clients.marketing_lead.inject({ method: 'GET', url })).json().breakdowns.length).toBeGreaterThan(0);
  });

  it('suppresses complementarily: in a region with teams of 8 and 3 respondents both teams are hidden, the region shown', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [8, 6]);
    const [big, small] = teams as [{ id: string; reps: TestUser[] }, { id: string; reps: TestUser[] }];
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [big.id, small.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    for (const rep of [...big.reps, ...small.reps.slice(0, 3)]) {
      await answer(c, invitations.get(rep.email), pulseAnswers([4, 4], 8));
    }
    const url = `/api/survey-cycles/${cycleId}/results`;
    expectHidden(await clients.executive.inject({ method: 'GET', url: `${url}?team=${small.id}` }), RESULTS, 'below_minimum');
    // Shown, the big team would reveal the small one as region minus big team.
    expectHidden(await clients.executive.inject({ method: 'GET', url: `${url}?team=${big.id}` }), RESULTS, 'complementary');
    const region = (await clients.executive.inject({ method: 'GET', url: `${url}?region=Nord` })).json();
    expect(region).toMatchObject({ available: true, n: 11, trustIndex: 75 });

    const breakdown = region.breakdowns.find((b: { attribute: string }) => b.attribute === 'team');
    const byTeam = new Map(breakdown.groups.map((g: { value: string }) => [g.value, g]));
    expect(byTeam.get(small.id)).toEqual({ value: small.id, available: false, reason: 'below_minimum' });
    expect(byTeam.get(big.id)).toEqual({ value: big.id, available: false, reason: 'complementary' });
    const regions = region.breakdowns.find((b: { attribute: string }) => b.attribute === 'region');
    expect(regions.groups).toEqual([{ value: 'Nord', available: true, n: 11, asOf: today(), trustIndex: 75, inps: 0 }]);
    // Comments of the hidden team are refused as well (and under k_c anyway).
    expectHidden(
      await clients.executive.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}/comments?team=${big.id}` }),
      COMMENTS,
      'complementary',
    );
  });

  it('hides a statement with many "can’t judge" answers while its driver is shown; shows the mirror from k marketers', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [5]);
    const team = teams[0] as { id: string; reps: TestUser[] };
    for (let i = 0; i < 3; i++) await createUser(c.database.db, organisation.id, { role: 'marketer' });
    const cycleId = await openCycle(clients.marketing_lead, 'trust_check', [team.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    const hidden = statementsOf('AMB', 'sales')[0]?.id as string;
    for (const [i, rep] of team.reps.entries()) {
      const answers: Record<string, unknown> = {};
      for (const item of TRUST_CHECK_ITEMS) if (item.kind === 'likert') answers[item.id] = 4;
      answers.INPS = 9;
      if (i < 2) answers[hidden] = null;
      await answer(c, invitations.get(rep.email), answers);
    }
    const url = `/api/survey-cycles/${cycleId}/results`;
    let body = (await clients.marketer.inject({ method: 'GET', url })).json();
    expect(body).toMatchObject({ available: true, n: 5, trustIndex: 75, inps: 100 });
    expect(body.statements.find((s: { itemId: string }) => s.itemId === hidden)).toEqual({
      itemId: hidden,
      available: false,
      mean: null,
      favourableShare: null,
    });
    expect(body.drivers.find((d: { driverId: string }) => d.driverId === 'AMB')).toMatchObject({ available: true, mean: 4 });
    // Two marketers and the lead were invited to the mirror before the three new ones answered: under k.
    expect(body.mirror).toBeNull();

    const marketers = await c.database.db
      .selectFrom('users')
      .select('email')
      .where('organisation_id', '=', organisation.id)
      .where('role', 'in', ['marketer', 'marketing_lead'])
      .execute();
    expect(marketers).toHaveLength(5);
    for (const { email } of marketers) {
      const answers: Record<string, unknown> = {};
      for (const id of (await c.app.inject({ method: 'GET', url: `/api/answer/${invitations.get(email)}` })).json()
        .itemIds as string[])
        answers[id] = 5;
      await answer(c, invitations.get(email), answers);
    }
    body = (await clients.marketer.inject({ method: 'GET', url })).json();
    expect(body.mirror.n).toBe(5);
    expect(body.mirror.drivers.find((d: { driverId: string }) => d.driverId === 'AMB')).toEqual({
      driverId: 'AMB',
      available: true,
      mean: 5,
    });
  });

  it('shows comments only from k_c = 10 respondents on, shuffled, without dates or attributes', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [15]);
    const team = teams[0] as { id: string; reps: TestUser[] };
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [team.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    const url = `/api/survey-cycles/${cycleId}/comments`;
    for (let i = 0; i < 9; i++) {
      await answer(c, invitations.get(team.reps[i]?.email ?? ''), pulseAnswers([4, 4], 8, `Kommentar ${i}`));
    }
    expect((await clients.executive.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}/results` })).json().n).toBe(9);
    expectHidden(await clients.executive.inject({ method: 'GET', url }), COMMENTS, 'below_minimum');
    expectHidden(await clients.executive.inject({ method: 'GET', url: `${url}?team=${team.id}` }), COMMENTS, 'below_minimum');

    // The tenth comment alone would be the one comment that newly appears: it waits for k more answers
    // (release epochs, decision 0013).
    await answer(c, invitations.get(team.reps[9]?.email ?? ''), pulseAnswers([4, 4], 8, 'Kommentar 9'));
    expectHidden(await clients.executive.inject({ method: 'GET', url }), COMMENTS, 'below_minimum');
    for (let i = 10; i < 15; i++) {
      await answer(c, invitations.get(team.reps[i]?.email ?? ''), pulseAnswers([4, 4], 8, `Kommentar ${i}`));
    }
    const response = await clients.executive.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.available).toBe(true);
    expect(body.comments).toHaveLength(15);
    for (const comment of body.comments) expect(Object.keys(comment).sort()).toEqual(['itemId', 'text']);
    expect(body.comments.map((comment: { text: string }) => comment.text).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `Kommentar ${i}`).sort(),
    );
    expect(new Set(body.comments.map((comment: { itemId: string }) => comment.itemId))).toEqual(new Set([openItemOfPulse()]));
  });

  it('refuses filters with reasons and never a number', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6]);
    const team = teams[0] as { id: string; reps: TestUser[] };
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [team.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    for (const rep of team.reps) await answer(c, invitations.get(rep.email), pulseAnswers([4, 4], 8));
    const url = `/api/survey-cycles/${cycleId}/results`;
    const get = (query: string) => clients.marketing_lead.inject({ method: 'GET', url: `${url}?${query}` });
    expect((await get(`team=${team.id}`)).json()).toMatchObject({ available: true, n: 6 });
    expectHidden(await get(`team=${randomUUID()}`), RESULTS, 'below_minimum');
    expectHidden(await get('team=*'), RESULTS, 'not_offered');
    expectHidden(await get(`team=${team.id}&tenureBand=unknown&role=sales_rep`), RESULTS, 'not_offered');
    expectHidden(await get(`region=Nord&team=${team.id}`), RESULTS, 'not_offered');
    const refused = (await get('region=Süd')).json();
    expect(refused).toEqual({ filter: { region: 'Süd' }, available: false, reason: 'below_minimum' });
  });

  it('reminds only those who have not answered, at most twice, with a new link that replaces the old one', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6]);
    const team = teams[0] as { id: string; reps: TestUser[] };
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [team.id]);
    const remind = () => clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/reminders` });

    const first = await remind();
    expect(first.statusCode, first.body).toBe(200);
    // Nobody has answered yet: telling that all 6 were reminded reveals nothing about anyone's answer.
    expect(first.json()).toEqual({ reminded: 6 });
    const { invitations, reminders } = await latestTokens(c, organisation.id);
    for (const rep of team.reps) expect(reminders.get(rep.email)).toHaveLength(1);

    const answering = team.reps.slice(0, 3);
    for (const rep of answering) {
      const old = await c.app.inject({ method: 'GET', url: `/api/answer/${invitations.get(rep.email)}` });
      expect(old.statusCode).toBe(404);
      await answer(c, reminders.get(rep.email)?.[0], pulseAnswers([4, 4], 8));
    }
    // 3 answered, fewer than k: the number reminded would tell it.
    expect((await remind()).json()).toEqual({ reminded: null });
    const cycle = await clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}` });
    expect(cycle.json()).toMatchObject({ remindersSent: 2 });
    // A third round is refused for the cycle, whoever has answered meanwhile.
    const third = await remind();
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ error: { code: 'reminder_limit' } });
    const after = await latestTokens(c, organisation.id);
    for (const rep of answering) expect(after.reminders.get(rep.email), rep.email).toHaveLength(1);
    for (const rep of team.reps.slice(3)) {
      expect(after.reminders.get(rep.email), rep.email).toHaveLength(2);
      // The outbox keeps no reliable order: of the two reminder links, exactly one (the newest) works.
      const statuses = [];
      for (const token of after.reminders.get(rep.email) ?? []) {
        const form = await c.app.inject({ method: 'GET', url: `/api/answer/${token}` });
        statuses.push(form.statusCode);
        if (form.statusCode === 200) expect(form.json()).toMatchObject({ answered: false });
      }
      expect(statuses.sort()).toEqual([200, 404]);
    }
    const mail = await c.database.db
      .selectFrom('mail_outbox')
      .select(['body_text'])
      .where('recipient', '=', team.reps[3]?.email ?? '')
      .where('subject', 'like', 'Erinnerung%')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toMatch(/funktioniert nicht mehr/);
    const audit = await c.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', organisation.id)
      .where('action', '=', 'survey.reminders_sent')
      .execute();
    expect(audit).toHaveLength(2);

    await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
    expect((await remind()).statusCode).toBe(409);
  });

  it('shows no answered count or response rate of a cycle below the minimum, in the list and alone', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6]);
    const team = teams[0] as { id: string; reps: TestUser[] };
    const cycleId = await openCycle(clients.marketing_lead, 'pulse', [team.id]);
    const { invitations } = await latestTokens(c, organisation.id);
    const read = async () => {
      const list = (await clients.executive.inject({ method: 'GET', url: '/api/survey-cycles' })).json();
      const one = (await clients.executive.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}` })).json();
      return [list.items.find((item: { id: string }) => item.id === cycleId), one];
    };
    for (const rep of team.reps.slice(0, 4)) await answer(c, invitations.get(rep.email), pulseAnswers([4, 4], 8));
    // 4 of 6 answered, k = 5: the invited count is public, the answered count and the rate are not.
    for (const cycle of await read()) expect(cycle).toMatchObject({ invited: 6, answered: null, responseRate: null });
    hiddenGroupChecked.add(CYCLES);
    hiddenGroupChecked.add(CYCLE);
    await answer(c, invitations.get(team.reps[4]?.email ?? ''), pulseAnswers([4, 4], 8));
    for (const cycle of await read()) expect(cycle).toMatchObject({ invited: 6, answered: 5, responseRate: 5 / 6 });
  });

  it('shows no driver means of an action plan whose team answered below the minimum, in the list and alone', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6, 6]);
    const [one, two] = teams as [{ id: string; reps: TestUser[] }, { id: string; reps: TestUser[] }];
    const lead = clients.marketing_lead;
    const seen = new Set<string>();
    /** Answers the cycle just opened: the first `counts[i]` reps of team i, with links not seen before. */
    const answerNewCycle = async (counts: [number, number]) => {
      const mails = await c.database.db
        .selectFrom('mail_outbox')
        .select(['recipient', 'body_text'])
        .where('organisation_id', '=', organisation.id)
        .execute();
      const fresh = new Map<string, string>();
      for (const mail of mails) {
        const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
        if (token && !seen.has(token)) fresh.set(mail.recipient, token);
        if (token) seen.add(token);
      }
      for (const [index, team] of [one, two].entries()) {
        for (const rep of team.reps.slice(0, counts[index])) await answer(c, fresh.get(rep.email), pulseAnswers([4, 4], 8));
      }
    };
    const close = async (id: string) =>
      expect((await lead.inject({ method: 'POST', url: `/api/survey-cycles/${id}/close` })).statusCode).toBe(200);

    const baseline = await openCycle(lead, 'pulse', [one.id, two.id]);
    await answerNewCycle([5, 5]);
    await close(baseline);
    const created = await lead.inject({
      method: 'POST',
      url: '/api/action-plans',
      payload: {
        title: 'Field ideas to the board',
        driverId: 'AMB',
        teamId: two.id,
        ownerId: clients.marketer.user.id,
        dueOn: closesOn(),
        steps: ['Collect'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const planId = created.json().id as string;
    const followUp = await openCycle(lead, 'pulse', [one.id, two.id]);
    await answerNewCycle([5, 4]);
    await close(followUp);

    // Team two answered 4 times in the follow-up (k = 5): neither mean, no difference, no count.
    const hidden = { state: 'not_available', reason: 'not_enough_answers', baselineCycleId: baseline, followUpCycleId: followUp };
    const alone = await lead.inject({ method: 'GET', url: `/api/action-plans/${planId}` });
    expect(alone.json().followUp).toEqual(hidden);
    hiddenGroupChecked.add(PLAN);
    const list = (await lead.inject({ method: 'GET', url: '/api/action-plans' })).json();
    expect(list.items.find((item: { id: string }) => item.id === planId).followUp).toEqual(hidden);
    hiddenGroupChecked.add(PLANS);
  });

  /**
   * Every GET route, classified. An aggregate route releases figures computed from survey answers or
   * participation and must pass the minimum check: a test in this file (or, for the dashboard, in
   * analytics/dashboard.test.ts, which enumerates its routes itself) calls it with a group under k and
   * sees no figure. Every other route names, in one word, why it releases none. A new GET route fails
   * this test until it is classified here.
   */
  const AGGREGATE_ROUTES = [CYCLES, CYCLE, RESULTS, COMMENTS, PLANS, PLAN, 'GET /api/dashboard', 'GET /api/dashboard/export.csv'];
  const NOT_AGGREGATE_ROUTES: Record<string, string> = {
    'GET /api/health': 'liveness',
    'GET /api/setup': 'installation',
    'GET /api/auth/session': 'session',
    'GET /api/auth/invitations/:token': 'invitation',
    'GET /api/people': 'directory',
    'GET /api/people/export.csv': 'directory',
    'GET /api/people/:id': 'directory',
    'GET /api/teams': 'directory',
    'GET /api/teams/:id': 'directory',
    'GET /api/action-plans/owner-options': 'directory',
    'GET /api/accounts': 'accounts',
    'GET /api/accounts/export.csv': 'accounts',
    'GET /api/accounts/:id': 'accounts',
    'GET /api/request-types': 'configuration',
    'GET /api/settings/business-calendar': 'configuration',
    'GET /api/settings/business-calendar/holidays': 'configuration',
    'GET /api/sla-policies': 'configuration',
    'GET /api/settings/privacy': 'configuration',
    'GET /api/survey-schedules': 'configuration',
    'GET /api/requests': 'requests',
    'GET /api/requests/:id': 'requests',
    'GET /api/requests/:id/attachments': 'requests',
    'GET /api/attachments/:id': 'requests',
    // Request reports count requests, SLA outcomes and ratings: no survey answer reaches them.
    'GET /api/reports/requests': 'requests',
    'GET /api/reports/requests/export.csv': 'requests',
    'GET /api/suggestions': 'library',
    'GET /api/assets': 'library',
    'GET /api/asset-tags': 'library',
    'GET /api/assets/:id': 'library',
    'GET /api/assets/:id/file': 'library',
    // The person's own invitation and answering form: nothing about anyone else.
    'GET /api/answer/:token': 'personal',
    'GET /api/my-surveys': 'personal',
    'GET /api/notifications': 'personal',
    'GET /api/notifications/preferences': 'personal',
    'GET /api/audit': 'audit',
    'GET /api/outbox': 'mail',
    'GET /api/openapi.json': 'schema',
  };
  const CHECKED_WITH_DASHBOARD = ['GET /api/dashboard', 'GET /api/dashboard/export.csv'];

  it('classifies every GET route, and covers every aggregate one with a test that sees a group below the minimum', () => {
    const routes = ctx()
      .app.apiRoutes.filter((route) => route.method === 'GET')
      .map((route) => `${route.method} ${route.url}`);
    const unclassified = routes.filter((key) => !AGGREGATE_ROUTES.includes(key) && !(key in NOT_AGGREGATE_ROUTES));
    expect(unclassified, 'GET routes neither aggregate nor not aggregate').toEqual([]);
    expect(AGGREGATE_ROUTES.filter((key) => key in NOT_AGGREGATE_ROUTES)).toEqual([]);
    // A classified route that no longer exists is a stale list: it would hide a renamed route.
    const classified = [...AGGREGATE_ROUTES, ...Object.keys(NOT_AGGREGATE_ROUTES)];
    expect(classified.filter((key) => !routes.includes(key))).toEqual([]);
    for (const reason of Object.values(NOT_AGGREGATE_ROUTES)) expect(reason).toMatch(/^[a-z]+$/);
    for (const key of AGGREGATE_ROUTES.filter((key) => !CHECKED_WITH_DASHBOARD.includes(key)))
      expect(hiddenGroupChecked.has(key), `${key} has no hidden-group test`).toBe(true);
  });
});
