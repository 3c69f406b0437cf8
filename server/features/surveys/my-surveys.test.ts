import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { type Client, createOrganisationWithRoles, createTeam, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

const tomorrowPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An organisation whose marketing lead opens a pulse for one sales team of `size` signed-in reps. */
async function openPulse(ctx: TestContext, size: number) {
  const { app, database } = ctx;
  const org = await createOrganisationWithRoles(app, database.db);
  const team = await createTeam(database.db, org.organisation.id, {
    name: `Vertrieb ${randomUUID().slice(0, 6)}`,
    region: 'Nord',
  });
  const reps: Client[] = [];
  for (let i = 0; i < size; i++) {
    const user = await createUser(database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id });
    reps.push(await signedInClient(app, database.db, user));
  }
  const opened = await org.clients.marketing_lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: [team.id], closesOn: tomorrowPlus(7) },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  return { ...org, reps, cycle: opened.json() as { id: string; opensOn: string; closesOn: string } };
}

async function mailedToken(ctx: TestContext, organisationId: string, email: string) {
  const mail = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['body_text'])
    .where('organisation_id', '=', organisationId)
    .where('recipient', '=', email)
    .executeTakeFirstOrThrow();
  const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
  if (!token) throw new Error('no link in the invitation');
  return token;
}

function fullPulseAnswers() {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)))) {
    if (item.kind === 'likert') answers[item.id] = 4;
    else if (item.kind === 'nps') answers[item.id] = 8;
    else answers[item.id] = '';
  }
  return answers;
}

const mySurveys = async (client: Client) => {
  const response = await client.inject({ method: 'GET', url: '/api/my-surveys' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Record<string, unknown>[];
};

const issueLink = (client: Client, cycleId: string) => client.inject({ method: 'POST', url: `/api/my-surveys/${cycleId}/link` });

describeEachDialect('my surveys: open invitations in the app', (ctx) => {
  it('lists the open cycle a rep is invited to, with nothing about answers, and only to the invitee', async () => {
    const c = ctx();
    const { reps, cycle, clients } = await openPulse(c, 5);
    const [rep] = reps;
    if (!rep) throw new Error('no rep');
    expect(await mySurveys(rep)).toEqual([
      { cycleId: cycle.id, form: 'pulse', title: null, opensOn: cycle.opensOn, closesOn: cycle.closesOn },
    ]);
    // The organisation's own rep is in another team, the marketing lead was not invited (no mirror).
    expect(await mySurveys(clients.sales_rep)).toEqual([]);
    expect(await mySurveys(clients.marketing_lead)).toEqual([]);
  });

  it('issues a working link that replaces the mailed one; answered cycles disappear', async () => {
    const c = ctx();
    const { reps, cycle, organisation, clients } = await openPulse(c, 5);
    const [rep, other] = reps;
    if (!rep || !other) throw new Error('no reps');
    const mailed = await mailedToken(c, organisation.id, rep.user.email);

    const issued = await issueLink(rep, cycle.id);
    expect(issued.statusCode, issued.body).toBe(200);
    const url = issued.json().url as string;
    expect(url).toMatch(/^\/answer\/[A-Za-z0-9_-]{43}$/);
    const token = url.slice('/answer/'.length);
    expect(token).not.toBe(mailed);

    const old = await c.app.inject({ method: 'GET', url: `/api/answer/${mailed}` });
    expect(old.statusCode).toBe(404);
    expect(old.json().error.code).toBe('token_invalid');

    const answered = await c.app.inject({
      method: 'POST',
      url: `/api/answer/${token}`,
      payload: { clientKey: `device-${randomUUID()}`, answers: fullPulseAnswers() },
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(await mySurveys(rep)).toEqual([]);
    const again = await issueLink(rep, cycle.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_answered');

    // Another invitee is untouched: still listed, their mailed link still works.
    expect((await mySurveys(other)).map((s) => s.cycleId)).toEqual([cycle.id]);
    const otherMailed = await mailedToken(c, organisation.id, other.user.email);
    expect((await c.app.inject({ method: 'GET', url: `/api/answer/${otherMailed}` })).statusCode).toBe(200);
    // A link asked for in the app is not a reminder: the organisation's reminder rounds are unchanged.
    const seen = await clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycle.id}` });
    expect(seen.json().remindersSent).toBe(0);
  });

  it('drops a cycle once it is closed and refuses a link with 409', async () => {
    const c = ctx();
    const { reps, cycle, clients } = await openPulse(c, 5);
    const [rep] = reps;
    if (!rep) throw new Error('no rep');
    const closed = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycle.id}/close` });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await mySurveys(rep)).toEqual([]);
    const refused = await issueLink(rep, cycle.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('cycle_closed');
  });

  it('answers 404 for a cycle without the caller’s invitation, of another organisation, or unknown', async () => {
    const c = ctx();
    const { reps, cycle, organisation, clients } = await openPulse(c, 5);
    const [rep] = reps;
    if (!rep) throw new Error('no rep');
    const mailed = await mailedToken(c, organisation.id, rep.user.email);

    const notInvited = await issueLink(clients.sales_rep, cycle.id);
    expect(notInvited.statusCode).toBe(404);
    const elsewhere = await createOrganisationWithRoles(c.app, c.database.db);
    const stranger = await issueLink(elsewhere.clients.sales_rep, cycle.id);
    expect(stranger.statusCode).toBe(404);
    expect(await mySurveys(elsewhere.clients.sales_rep)).toEqual([]);
    expect((await issueLink(rep, randomUUID())).statusCode).toBe(404);
    expect((await c.app.inject({ method: 'POST', url: `/api/my-surveys/${cycle.id}/link` })).statusCode).toBe(401);

    // None of the refusals touched the invitee's link.
    expect((await c.app.inject({ method: 'GET', url: `/api/answer/${mailed}` })).statusCode).toBe(200);
  });
});
