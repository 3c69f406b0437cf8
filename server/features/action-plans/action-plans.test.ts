import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { findItem } from '../../../common/instrument/items.js';
import { welchChange } from '../../../common/instrument/scoring.js';
import type { Role } from '../../../common/roles.js';
import {
  type Client,
  createOrganisation,
  createOrganisationWithRoles,
  createTeam,
  createUser,
  signedInClient,
  type TestUser,
} from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const pulseItems = () => pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)));
/** The pulse statement of AMB this month: one statement per driver, so a respondent's AMB score is its answer. */
const ambStatement = () =>
  pulseItems().find((item) => item.kind === 'likert' && findItem(item.id)?.construct === 'AMB')?.id as string;

function planBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Take field ideas to the board',
    driverId: 'AMB',
    ownerId: '',
    dueOn: inDays(30),
    steps: ['Collect', 'Present'],
    ...overrides,
  };
}

async function createPlan(client: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return client.inject({ method: 'POST', url: '/api/action-plans', payload: body, headers });
}

async function openCycle(client: Client, teamIds: string[], form: 'pulse' | 'trust_check' = 'pulse') {
  const opened = await client.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form, audienceTeamIds: teamIds, closesOn: inDays(7) },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  return opened.json().id as string;
}

async function closeCycle(client: Client, cycleId: string) {
  const closed = await client.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
  expect(closed.statusCode, closed.body).toBe(200);
}

/** Each recipient's answer links, oldest first is not guaranteed: callers diff against links seen before. */
async function answerLinks(ctx: TestContext, organisationId: string) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const links = new Map<string, Set<string>>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (!token) continue;
    const set = links.get(mail.recipient) ?? new Set<string>();
    set.add(token);
    links.set(mail.recipient, set);
  }
  return links;
}

/**
 * Answers a just-opened cycle (links not in `seen`): each rep of a group gives the AMB statement the
 * value at their index, every other statement 4. Then marks the cycle's links as seen.
 */
async function answerCycle(ctx: TestContext, organisationId: string, seen: Set<string>, groups: [TestUser[], number[]][]) {
  const links = await answerLinks(ctx, organisationId);
  for (const [reps, amb] of groups) {
    for (const [index, value] of amb.entries()) {
      const rep = reps[index] as TestUser;
      const token = [...(links.get(rep.email) ?? [])].find((t) => !seen.has(t));
      expect(token).toBeDefined();
      const answers: Record<string, unknown> = {};
      for (const item of pulseItems()) {
        if (item.kind === 'likert') answers[item.id] = 4;
        else if (item.kind === 'nps') answers[item.id] = 8;
      }
      answers[ambStatement()] = value;
      const response = await ctx.app.inject({
        method: 'POST',
        url: `/api/answer/${token}`,
        payload: { clientKey: `key-${randomUUID()}`, answers },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  }
  for (const set of links.values()) for (const t of set) seen.add(t);
}

describeEachDialect('action plans', (ctx) => {
  it('creates idempotently, reads, updates with If-Match (428, 412), ticks steps, drops, deletes, and audits', async () => {
    const c = ctx();
    const { clients, organisation } = await createOrganisationWithRoles(c.app, c.database.db);
    const owner = clients.marketer.user;
    const key = `plan-${randomUUID()}`;
    const first = await createPlan(clients.marketing_lead, planBody({ ownerId: owner.id }), { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const plan = first.json();
    expect(plan).toMatchObject({
      title: 'Take field ideas to the board',
      driverId: 'AMB',
      team: null,
      owner: { id: owner.id },
      status: 'planned',
      version: 1,
      followUp: { state: 'no_baseline' },
    });
    expect(plan.steps.map((s: { text: string; done: boolean }) => [s.text, s.done])).toEqual([
      ['Collect', false],
      ['Present', false],
    ]);
    expect(first.headers.etag).toBe('"1"');
    const replay = await createPlan(clients.marketing_lead, planBody({ ownerId: owner.id }), { 'idempotency-key': key });
    expect(replay.statusCode).toBe(201);
    expect(replay.json().id).toBe(plan.id);
    const list = await clients.marketing_lead.inject({ method: 'GET', url: '/api/action-plans' });
    expect(list.json().total).toBe(1);

    const url = `/api/action-plans/${plan.id}`;
    const missing = await clients.marketing_lead.inject({ method: 'PATCH', url, payload: { status: 'in_progress' } });
    expect(missing.statusCode).toBe(428);
    const changed = await clients.marketing_lead.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { status: 'in_progress', title: 'Take field ideas to the board, monthly' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'in_progress', version: 2 });
    const stale = await clients.marketing_lead.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { status: 'done' },
    });
    expect(stale.statusCode).toBe(412);

    // Two people tick different steps at once: both ticks survive.
    const [a, b] = plan.steps as { id: string }[];
    await Promise.all([
      clients.marketing_lead.inject({ method: 'PUT', url: `${url}/steps/${a?.id}`, payload: { done: true } }),
      clients.marketer.inject({ method: 'PUT', url: `${url}/steps/${b?.id}`, payload: { done: true } }),
    ]);
    const read = await clients.marketing_lead.inject({ method: 'GET', url });
    expect(read.json().steps.map((s: { done: boolean }) => s.done)).toEqual([true, true]);
    expect(read.headers.etag).toBe(`"${read.json().version}"`);

    // The owner changes the status, but not the title.
    const ownerEdit = await clients.marketer.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': read.headers.etag as string },
      payload: { title: 'Mine now' },
    });
    expect(ownerEdit.statusCode).toBe(403);
    const dropped = await clients.marketer.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': read.headers.etag as string },
      payload: { status: 'dropped' },
    });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(dropped.json().status).toBe('dropped');

    // Rewriting the steps keeps a kept step's state.
    const rewritten = await clients.marketing_lead.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': `"${dropped.json().version}"` },
      payload: { steps: [{ id: b?.id, text: 'Present', done: true }, { text: 'Follow up' }] },
    });
    expect(rewritten.statusCode, rewritten.body).toBe(200);
    expect(rewritten.json().steps.map((s: { text: string; done: boolean }) => [s.text, s.done])).toEqual([
      ['Present', true],
      ['Follow up', false],
    ]);

    const audit = await c.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', organisation.id)
      .where('target_id', '=', plan.id)
      .execute();
    const actions = audit.map((entry) => entry.action);
    expect(actions.filter((action) => action === 'action_plan.created')).toHaveLength(1);
    expect(actions.filter((action) => action === 'action_plan.updated')).toHaveLength(3);
    expect(actions.filter((action) => action === 'action_plan.step_updated')).toHaveLength(2);

    const deleted = await clients.marketing_lead.inject({ method: 'DELETE', url });
    expect(deleted.statusCode).toBe(204);
    expect((await clients.marketing_lead.inject({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('refuses bad input with a clear 400 and stores nothing', async () => {
    const c = ctx();
    const { clients, team } = await createOrganisationWithRoles(c.app, c.database.db);
    const other = await createOrganisationWithRoles(c.app, c.database.db);
    const ownerId = clients.marketer.user.id;
    const cases: [string, Record<string, unknown>][] = [
      ['unknown driver', planBody({ ownerId, driverId: 'XYZ' })],
      ['team of another organisation', planBody({ ownerId, teamId: other.team.id })],
      ['owner of another organisation', planBody({ ownerId: other.clients.marketer.user.id })],
      ['owner who is a sales rep', planBody({ ownerId: clients.sales_rep.user.id })],
      ['due date in the past', planBody({ ownerId, dueOn: inDays(-1) })],
      ['title too short', planBody({ ownerId, title: 'ab' })],
      ['title too long', planBody({ ownerId, title: 'x'.repeat(161) })],
      ['more than 20 steps', planBody({ ownerId, steps: Array.from({ length: 21 }, (_, i) => `Step ${i}`) })],
    ];
    for (const [name, body] of cases) {
      const response = await createPlan(clients.marketing_lead, body);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().error.code, name).toBe('validation_failed');
    }
    const ok = await createPlan(clients.marketing_lead, planBody({ ownerId, teamId: team.id, steps: Array(20).fill('Do it') }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await clients.marketing_lead.inject({ method: 'GET', url: '/api/action-plans' })).json().total).toBe(1);
  });

  it('lets each role see and change exactly what the policy says, within its own organisation', async () => {
    const c = ctx();
    const db = c.database.db;
    const { clients, organisation, team } = await createOrganisationWithRoles(c.app, db);
    const otherTeam = await createTeam(db, organisation.id);
    const otherLead = await createUser(db, organisation.id, { role: 'sales_lead', teamId: otherTeam.id });
    const marketer2 = await createUser(db, organisation.id, { role: 'marketer' });
    const lead = clients.marketing_lead;
    const make = async (teamId: string | null, ownerId: string) => {
      const response = await createPlan(lead, planBody({ teamId, ownerId }));
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const orgPlan = await make(null, clients.marketing_lead.user.id);
    const teamPlan = await make(team.id, clients.marketing_lead.user.id);
    const otherTeamPlan = await make(otherTeam.id, otherLead.id);
    const ownedByMarketer = await make(otherTeam.id, clients.marketer.user.id);
    const ownedBySalesLead = await make(otherTeam.id, clients.sales_lead.user.id);

    const visible: Record<Role, string[]> = {
      admin: [orgPlan, teamPlan, otherTeamPlan, ownedByMarketer, ownedBySalesLead],
      executive: [orgPlan, teamPlan, otherTeamPlan, ownedByMarketer, ownedBySalesLead],
      marketing_lead: [orgPlan, teamPlan, otherTeamPlan, ownedByMarketer, ownedBySalesLead],
      marketer: [orgPlan, ownedByMarketer],
      sales_lead: [orgPlan, teamPlan, ownedBySalesLead],
      sales_rep: [],
    };
    const all = [orgPlan, teamPlan, otherTeamPlan, ownedByMarketer, ownedBySalesLead];
    for (const [role, ids] of Object.entries(visible) as [Role, string[]][]) {
      const list = await clients[role].inject({ method: 'GET', url: '/api/action-plans?pageSize=100' });
      if (role === 'sales_rep') {
        expect(list.statusCode).toBe(403);
      } else {
        expect(list.statusCode, role).toBe(200);
        expect(
          list
            .json()
            .items.map((p: { id: string }) => p.id)
            .sort(),
          role,
        ).toEqual([...ids].sort());
        expect(list.json().total, role).toBe(ids.length);
      }
      for (const id of all) {
        const one = await clients[role].inject({ method: 'GET', url: `/api/action-plans/${id}` });
        expect(one.statusCode, `${role} ${id}`).toBe(role === 'sales_rep' ? 403 : ids.includes(id) ? 200 : 404);
      }
    }
    for (const role of Object.keys(visible) as Role[]) {
      const created = await createPlan(clients[role], planBody({ ownerId: clients.marketer.user.id, title: `By ${role}` }));
      expect(created.statusCode, role).toBe(role === 'admin' || role === 'marketing_lead' ? 201 : 403);
      if (created.statusCode === 201) await lead.inject({ method: 'DELETE', url: `/api/action-plans/${created.json().id}` });
    }

    // Another marketer cannot read the plan they do not own; the owning sales lead may change its status.
    const stranger = await signedInClient(c.app, db, marketer2);
    expect((await stranger.inject({ method: 'GET', url: `/api/action-plans/${ownedByMarketer}` })).statusCode).toBe(404);
    const leadOwn = await clients.sales_lead.inject({ method: 'GET', url: `/api/action-plans/${ownedBySalesLead}` });
    expect(leadOwn.json()).toMatchObject({ canEdit: false, canUpdateProgress: true });
    const progress = await clients.sales_lead.inject({
      method: 'PATCH',
      url: `/api/action-plans/${ownedBySalesLead}`,
      headers: { 'if-match': leadOwn.headers.etag as string },
      payload: { status: 'in_progress' },
    });
    expect(progress.statusCode, progress.body).toBe(200);
    const teamRead = await clients.sales_lead.inject({ method: 'GET', url: `/api/action-plans/${teamPlan}` });
    const step = teamRead.json().steps[0].id as string;
    const notOwner = await clients.sales_lead.inject({
      method: 'PUT',
      url: `/api/action-plans/${teamPlan}/steps/${step}`,
      payload: { done: true },
    });
    expect(notOwner.statusCode).toBe(403);
    expect((await clients.executive.inject({ method: 'DELETE', url: `/api/action-plans/${orgPlan}` })).statusCode).toBe(403);

    // Filters.
    const byScope = await lead.inject({ method: 'GET', url: `/api/action-plans?scope=${otherTeam.id}` });
    expect(byScope.json().total).toBe(3);
    const orgOnly = await lead.inject({ method: 'GET', url: '/api/action-plans?scope=organisation' });
    expect(orgOnly.json().items.map((p: { id: string }) => p.id)).toEqual([orgPlan]);
    const byStatus = await lead.inject({ method: 'GET', url: '/api/action-plans?status=in_progress' });
    expect(byStatus.json().items.map((p: { id: string }) => p.id)).toEqual([ownedBySalesLead]);
    const paged = await lead.inject({ method: 'GET', url: '/api/action-plans?pageSize=2&page=3' });
    expect(paged.json()).toMatchObject({ total: 5, page: 3, pageSize: 2 });
    expect(paged.json().items).toHaveLength(1);

    // Another organisation sees none of it.
    const foreignOrg = await createOrganisation(db);
    const foreignAdmin = await signedInClient(c.app, db, await createUser(db, foreignOrg.id, { role: 'admin' }));
    expect((await foreignAdmin.inject({ method: 'GET', url: `/api/action-plans/${orgPlan}` })).statusCode).toBe(404);
    expect((await foreignAdmin.inject({ method: 'GET', url: '/api/action-plans' })).json().total).toBe(0);
    const foreignPatch = await foreignAdmin.inject({
      method: 'PATCH',
      url: `/api/action-plans/${orgPlan}`,
      headers: { 'if-match': '"1"' },
      payload: { status: 'done' },
    });
    expect(foreignPatch.statusCode).toBe(404);
    expect((await foreignAdmin.inject({ method: 'DELETE', url: `/api/action-plans/${orgPlan}` })).statusCode).toBe(404);
  });

  it('measures the driver change in the plan scope after the next cycle, and hides a scope below k', async () => {
    const c = ctx();
    const db = c.database.db;
    const { clients, organisation } = await createOrganisationWithRoles(c.app, db);
    const teams: { id: string; reps: TestUser[] }[] = [];
    for (let t = 0; t < 2; t++) {
      const team = await createTeam(db, organisation.id, { region: 'Nord' });
      const reps: TestUser[] = [];
      for (let i = 0; i < 6; i++) reps.push(await createUser(db, organisation.id, { role: 'sales_rep', teamId: team.id }));
      teams.push({ id: team.id, reps });
    }
    const [one, two] = teams as [{ id: string; reps: TestUser[] }, { id: string; reps: TestUser[] }];
    const lead = clients.marketing_lead;
    const seen = new Set<string>();
    const audience = [one.id, two.id];

    const before = { one: [2, 3, 3, 2, 4], two: [3, 3, 2, 2, 3] };
    const baseline = await openCycle(lead, audience);
    await answerCycle(c, organisation.id, seen, [
      [one.reps, before.one],
      [two.reps, before.two],
    ]);
    await closeCycle(lead, baseline);

    const ownerId = clients.marketer.user.id;
    const orgPlan = (await createPlan(lead, planBody({ ownerId }))).json();
    const teamPlan = (await createPlan(lead, planBody({ ownerId, teamId: two.id }))).json();
    expect(orgPlan.followUp).toEqual({ state: 'waiting', baselineCycleId: baseline });

    // A trust check closing after the plan is another form: the pulse plan keeps waiting for the next pulse.
    const check = await openCycle(lead, audience, 'trust_check');
    await answerCycle(c, organisation.id, seen, []);
    await closeCycle(lead, check);
    const afterCheck = await lead.inject({ method: 'GET', url: `/api/action-plans/${orgPlan.id}` });
    expect(afterCheck.json().followUp).toEqual({ state: 'waiting', baselineCycleId: baseline });

    const after = { one: [4, 5, 4, 3, 5, 4], two: [4, 4, 5, 3] };
    const next = await openCycle(lead, audience);
    await answerCycle(c, organisation.id, seen, [
      [one.reps, after.one],
      [two.reps, after.two],
    ]);
    const open = await lead.inject({ method: 'GET', url: `/api/action-plans/${orgPlan.id}` });
    expect(open.json().followUp.state).toBe('waiting');
    await closeCycle(lead, next);

    // Independent computation: Welch over the respondents' AMB scores (one statement each in a pulse).
    const expected = welchChange([...before.one, ...before.two], [...after.one, ...after.two]);
    expect(expected).not.toBeNull();
    const measured = (await lead.inject({ method: 'GET', url: `/api/action-plans/${orgPlan.id}` })).json().followUp;
    expect(measured.state).toBe('measured');
    expect(measured.baselineCycleId).toBe(baseline);
    expect(measured.followUpCycleId).toBe(next);
    expect(measured.before).toBeCloseTo(27 / 10, 10);
    expect(measured.after).toBeCloseTo(41 / 10, 10);
    expect(measured.difference).toBeCloseTo(expected?.difference as number, 10);
    expect(measured.lower).toBeCloseTo(expected?.lower as number, 8);
    expect(measured.upper).toBeCloseTo(expected?.upper as number, 8);
    expect(measured.isRealChange).toBe(true);

    // Team two answered 4 times in the follow-up cycle (k = 5): no number, no count.
    const hidden = (await lead.inject({ method: 'GET', url: `/api/action-plans/${teamPlan.id}` })).json().followUp;
    expect(hidden).toEqual({
      state: 'not_available',
      reason: 'not_enough_answers',
      baselineCycleId: baseline,
      followUpCycleId: next,
    });

    // A marketer reads the organisation-wide follow-up; a team's figures stay with the roles that see teams.
    const marketerView = (await clients.marketer.inject({ method: 'GET', url: `/api/action-plans/${teamPlan.id}` })).json();
    expect(marketerView.followUp).toMatchObject({ state: 'not_available', reason: 'not_offered' });
    const marketerOrg = (await clients.marketer.inject({ method: 'GET', url: `/api/action-plans/${orgPlan.id}` })).json();
    expect(marketerOrg.followUp.state).toBe('measured');
  });
});
