import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { createOrganisationWithRoles, createTeam, createUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { runSurveySchedules } from '../jobs/survey-schedule.job.js';
import { periodOf } from './schedules.service.js';

// Far in the future: cycles opened here are told apart by their dates, and the job only looks at the
// organisations of the scope below.
const on = (year: number, month: number, day: number, hour = 9) => new Date(Date.UTC(year, month - 1, day, hour));

async function organisationWithReps(ctx: TestContext, size = 3) {
  const { app, database } = ctx;
  const org = await createOrganisationWithRoles(app, database.db);
  const team = await createTeam(database.db, org.organisation.id, {
    name: `Vertrieb ${randomUUID().slice(0, 6)}`,
    region: 'Nord',
  });
  for (let i = 0; i < size; i++) await createUser(database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id });
  return { ...org, salesTeam: team, scope: { organisationIds: [org.organisation.id] } };
}

async function cyclesOf(database: Database, organisationId: string) {
  return database.db
    .selectFrom('survey_cycles')
    .select(['form', 'title', 'opens_on', 'closes_on', 'with_mirror', 'created_by', 'pulse_index'])
    .where('organisation_id', '=', organisationId)
    .orderBy('opens_on')
    .execute();
}

it('names periods by UTC month and quarter; trust checks open in a quarter’s first month only', () => {
  expect(periodOf('pulse', on(2099, 3, 31, 23))).toBe('2099-03');
  expect(periodOf('trust_check', on(2099, 4, 1, 0))).toBe('2099-Q2');
  expect(periodOf('trust_check', on(2099, 5, 1))).toBeNull();
  expect(periodOf('trust_check', on(2099, 10, 2))).toBe('2099-Q4');
});

describeEachDialect('survey schedules', (ctx) => {
  it('lists both forms inactive by default; PUT needs If-Match, validates, and creates with "0"', async () => {
    const c = ctx();
    const { clients, salesTeam } = await organisationWithReps(c, 1);
    const listed = await clients.sales_lead.inject({ method: 'GET', url: '/api/survey-schedules' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ form: 'pulse', active: false, openDays: 10, withMirror: false, version: 0 }),
      expect.objectContaining({ form: 'trust_check', active: false, openDays: 14, withMirror: true, version: 0 }),
    ]);

    const body = { active: true, dayOfMonth: 5, audienceTeamIds: [salesTeam.id] };
    const put = (payload: object, ifMatch?: string, form = 'pulse') =>
      clients.marketing_lead.inject({
        method: 'PUT',
        url: `/api/survey-schedules/${form}`,
        payload,
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
      });
    expect((await put(body)).statusCode).toBe(428);
    for (const bad of [
      { ...body, dayOfMonth: 29 },
      { ...body, dayOfMonth: 0 },
      { ...body, openDays: 2 },
      { ...body, openDays: 29 },
      { ...body, audienceTeamIds: [randomUUID()] },
      { dayOfMonth: 5 },
    ]) {
      const response = await put(bad, '"0"');
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect((await put(body, '"0"', 'weekly')).statusCode).toBe(400);
    expect((await put(body, '"1"')).statusCode).toBe(412);

    const created = await put({ ...body, withMirror: true }, '"0"');
    expect(created.statusCode).toBe(200);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      form: 'pulse',
      active: true,
      dayOfMonth: 5,
      openDays: 10,
      withMirror: false,
      version: 1,
    });
    // A second creation with "0" lost the race: the schedule exists now.
    expect((await put(body, '"0"')).statusCode).toBe(412);
    const updated = await put({ ...body, openDays: 7 }, '"1"');
    expect(updated.json()).toMatchObject({ openDays: 7, version: 2 });
    expect((await put(body, '"1"')).statusCode).toBe(412);
    expect(
      (
        await clients.marketer.inject({
          method: 'PUT',
          url: '/api/survey-schedules/pulse',
          payload: body,
          headers: { 'if-match': '"2"' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('does nothing for inactive schedules or before the day', async () => {
    const c = ctx();
    const { clients, organisation, scope } = await organisationWithReps(c);
    const saved = await clients.marketing_lead.inject({
      method: 'PUT',
      url: '/api/survey-schedules/pulse',
      payload: { active: false, dayOfMonth: 1 },
      headers: { 'if-match': '"0"' },
    });
    expect(saved.statusCode).toBe(200);
    expect(await runSurveySchedules(c.deps, on(2099, 1, 20), scope)).toBe(0);

    await clients.marketing_lead.inject({
      method: 'PUT',
      url: '/api/survey-schedules/pulse',
      payload: { active: true, dayOfMonth: 10 },
      headers: { 'if-match': '"1"' },
    });
    expect(await runSurveySchedules(c.deps, on(2099, 1, 9, 23), scope)).toBe(0);
    expect(await cyclesOf(c.database, organisation.id)).toEqual([]);
    expect(await runSurveySchedules(c.deps, on(2099, 1, 10, 0), scope)).toBe(1);
  });

  it('opens exactly one pulse per month, even when runs repeat or overlap', async () => {
    const c = ctx();
    const { clients, organisation, scope } = await organisationWithReps(c);
    await clients.marketing_lead.inject({
      method: 'PUT',
      url: '/api/survey-schedules/pulse',
      payload: { active: true, dayOfMonth: 3, openDays: 5 },
      headers: { 'if-match': '"0"' },
    });
    const opened = await Promise.all([
      runSurveySchedules(c.deps, on(2099, 1, 3), scope),
      runSurveySchedules(c.deps, on(2099, 1, 3), scope),
      runSurveySchedules(c.deps, on(2099, 1, 4), scope),
    ]);
    expect(opened.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await runSurveySchedules(c.deps, on(2099, 1, 28), scope)).toBe(0);
    expect(await runSurveySchedules(c.deps, on(2099, 2, 2), scope)).toBe(0);
    expect(await runSurveySchedules(c.deps, on(2099, 2, 3), scope)).toBe(1);
    const cycles = await cyclesOf(c.database, organisation.id);
    expect(cycles.map((x) => [x.form, x.opens_on, x.closes_on, x.created_by])).toEqual([
      ['pulse', expect.stringMatching(/^2099-01-0[34]$/), expect.stringMatching(/^2099-01-(08|09)$/), null],
      ['pulse', '2099-02-03', '2099-02-08', null],
    ]);
    const listed = (await clients.marketing_lead.inject({ method: 'GET', url: '/api/survey-schedules' })).json();
    expect(listed.items[0]).toMatchObject({ form: 'pulse', lastOpenedPeriod: '2099-02', version: 1 });
    const invitations = await c.database.db
      .selectFrom('survey_invitations')
      .select('id')
      .where('organisation_id', '=', organisation.id)
      .execute();
    // 3 reps plus the role set's sales rep and sales lead, in each of the two cycles: nobody twice.
    expect(invitations).toHaveLength(10);
  });

  it('opens a trust check once per quarter, in its first month, with the mirror', async () => {
    const c = ctx();
    const { clients, organisation, scope } = await organisationWithReps(c);
    await clients.marketing_lead.inject({
      method: 'PUT',
      url: '/api/survey-schedules/trust_check',
      payload: { active: true, dayOfMonth: 2 },
      headers: { 'if-match': '"0"' },
    });
    // Saved in a quarter's second month: waits for the next quarter.
    expect(await runSurveySchedules(c.deps, on(2099, 2, 15), scope)).toBe(0);
    expect(await runSurveySchedules(c.deps, on(2099, 4, 2), scope)).toBe(1);
    expect(await runSurveySchedules(c.deps, on(2099, 4, 20), scope)).toBe(0);
    expect(await runSurveySchedules(c.deps, on(2099, 5, 2), scope)).toBe(0);
    expect(await runSurveySchedules(c.deps, on(2099, 7, 2), scope)).toBe(1);
    const cycles = await cyclesOf(c.database, organisation.id);
    expect(cycles).toEqual([
      expect.objectContaining({
        form: 'trust_check',
        // No title of its own: readers name it by form and month in their language.
        title: '',
        opens_on: '2099-04-02',
        closes_on: '2099-04-16',
        with_mirror: 1,
      }),
      expect.objectContaining({ form: 'trust_check', title: '', opens_on: '2099-07-02', with_mirror: 1 }),
    ]);
    const mirror = await c.database.db
      .selectFrom('survey_invitations')
      .select('id')
      .where('organisation_id', '=', organisation.id)
      .where('form', '=', 'mirror')
      .execute();
    // Marketer and marketing lead, in each of the two cycles.
    expect(mirror).toHaveLength(4);
  });

  it('gives the period back when opening fails, and retries on the next run', async () => {
    const c = ctx();
    const { clients, organisation } = await organisationWithReps(c, 0);
    const emptyTeam = await createTeam(c.database.db, organisation.id, { name: `Leer ${randomUUID().slice(0, 6)}` });
    const scope = { organisationIds: [organisation.id] };
    await clients.marketing_lead.inject({
      method: 'PUT',
      url: '/api/survey-schedules/pulse',
      payload: { active: true, dayOfMonth: 1, audienceTeamIds: [emptyTeam.id] },
      headers: { 'if-match': '"0"' },
    });
    await expect(runSurveySchedules(c.deps, on(2099, 3, 1), scope)).rejects.toThrow(/Nobody in the chosen audience/);
    const listed = (await clients.marketing_lead.inject({ method: 'GET', url: '/api/survey-schedules' })).json();
    expect(listed.items[0].lastOpenedPeriod).toBeNull();
    await createUser(c.database.db, organisation.id, { role: 'sales_rep', teamId: emptyTeam.id });
    expect(await runSurveySchedules(c.deps, on(2099, 3, 1), scope)).toBe(1);
  });
});
