import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { type Client, createOrganisationWithRoles, createTeam, createUser, type TestUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

const closesOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

function pulseAnswers() {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)))) {
    if (item.kind === 'likert') answers[item.id] = 4;
    else if (item.kind === 'nps') answers[item.id] = 8;
    else answers[item.id] = '';
  }
  return answers;
}

async function setBreakdowns(admin: Client, breakdownAttributes: string[]) {
  const current = await admin.inject({ method: 'GET', url: '/api/settings/privacy' });
  const changed = await admin.inject({
    method: 'PUT',
    url: '/api/settings/privacy',
    headers: { 'if-match': current.headers.etag as string },
    payload: { minGroupSize: 5, minCommentGroupSize: 10, breakdownAttributes },
  });
  expect(changed.statusCode, changed.body).toBe(200);
}

/** Opens a pulse for the teams and has the first five reps of each answer; returns the cycle's id. */
async function openAndAnswer(c: TestContext, lead: Client, organisationId: string, teams: { id: string; reps: TestUser[] }[]) {
  const before = new Set(
    (await c.database.db.selectFrom('mail_outbox').select('id').where('organisation_id', '=', organisationId).execute()).map(
      (row) => row.id,
    ),
  );
  const opened = await lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: teams.map((team) => team.id), closesOn: closesOn() },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const mails = (
    await c.database.db
      .selectFrom('mail_outbox')
      .select(['id', 'recipient', 'body_text'])
      .where('organisation_id', '=', organisationId)
      .execute()
  ).filter((mail) => !before.has(mail.id));
  for (const team of teams) {
    for (const rep of team.reps.slice(0, 5)) {
      const body = mails.find((mail) => mail.recipient === rep.email)?.body_text ?? '';
      const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(body)?.[1];
      const response = await c.app.inject({
        method: 'POST',
        url: `/api/answer/${token}`,
        payload: { clientKey: `key-${randomUUID()}`, answers: pulseAnswers() },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  }
  return opened.json().id as string;
}

const attributesOf = (results: { breakdowns: { attribute: string }[] }) => results.breakdowns.map((b) => b.attribute);

describeEachDialect('breakdown attributes frozen per cycle', (ctx) => {
  it('keeps the breakdowns a cycle opened with after the setting changes; a new cycle takes the new setting', async () => {
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
    const one = teams[0] as { id: string };
    const lead = clients.marketing_lead;

    await setBreakdowns(clients.admin, ['team']);
    const first = await openAndAnswer(c, lead, organisation.id, teams);
    const url = `/api/survey-cycles/${first}/results`;
    const byTeam = (await lead.inject({ method: 'GET', url })).json();
    expect(attributesOf(byTeam)).toEqual(['team']);
    expect((await lead.inject({ method: 'GET', url: `${url}?team=${one.id}` })).json().available).toBe(true);

    await setBreakdowns(clients.admin, ['tenureBand']);
    const second = await openAndAnswer(c, lead, organisation.id, teams);
    const secondResults = (await lead.inject({ method: 'GET', url: `/api/survey-cycles/${second}/results` })).json();
    expect(attributesOf(secondResults)).toEqual(['tenureBand']);
    const band = secondResults.breakdowns[0].groups[0].value as string;

    // The first cycle still offers exactly what it offered: its teams, and no tenure band.
    const again = (await lead.inject({ method: 'GET', url })).json();
    expect(attributesOf(again)).toEqual(['team']);
    expect(again.breakdowns).toEqual(byTeam.breakdowns);
    expect((await lead.inject({ method: 'GET', url: `${url}?team=${one.id}` })).json().available).toBe(true);
    const refused = (await lead.inject({ method: 'GET', url: `${url}?tenureBand=${encodeURIComponent(band)}` })).json();
    expect(refused).toMatchObject({ available: false });
    // ... and the second cycle no team.
    const secondByTeam = await lead.inject({ method: 'GET', url: `/api/survey-cycles/${second}/results?team=${one.id}` });
    expect(secondByTeam.json()).toMatchObject({ available: false });

    // The dashboard reads each cycle with its own breakdowns too.
    for (const id of [first, second]) {
      const closed = await lead.inject({ method: 'POST', url: `/api/survey-cycles/${id}/close` });
      expect(closed.statusCode, closed.body).toBe(200);
    }
    const dashboard = (query: string) => lead.inject({ method: 'GET', url: `/api/dashboard?${query}` });
    expect((await dashboard(`cycleId=${first}&team=${one.id}`)).json().available).toBe(true);
    expect((await dashboard(`cycleId=${first}&tenureBand=${encodeURIComponent(band)}`)).json().available).toBe(false);
    expect((await dashboard(`cycleId=${second}&team=${one.id}`)).json().available).toBe(false);
    expect((await dashboard(`cycleId=${second}&tenureBand=${encodeURIComponent(band)}`)).json().available).toBe(true);

    const stored = await db
      .selectFrom('survey_cycles')
      .select(['id', 'breakdown_attributes'])
      .where('id', 'in', [first, second])
      .execute();
    expect(Object.fromEntries(stored.map((row) => [row.id, JSON.parse(row.breakdown_attributes)]))).toEqual({
      [first]: ['team'],
      [second]: ['tenureBand'],
    });
  });
});
