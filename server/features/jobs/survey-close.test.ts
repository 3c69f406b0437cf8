import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { createOrganisationWithRoles, createTeam, createUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { createJobRunner } from './job-runner.js';
import { closeDueCycles, surveyCloseJob } from './survey-close.job.js';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const dayIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const silent = { info: () => {}, error: () => {} };

async function organisationWithReps(c: TestContext, size: number) {
  const org = await createOrganisationWithRoles(c.app, c.database.db);
  const team = await createTeam(c.database.db, org.organisation.id, { region: 'Nord' });
  const reps = [];
  for (let i = 0; i < size; i++) {
    reps.push(await createUser(c.database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id }));
  }
  return { ...org, salesTeam: team, reps, scope: { organisationIds: [org.organisation.id] } };
}

type Org = Awaited<ReturnType<typeof organisationWithReps>>;

/** Opens a pulse for the team today, then moves its dates as given (the API takes no past dates). */
async function cycleClosingOn(c: TestContext, org: Org, closesOn: string) {
  const opened = await org.clients.marketing_lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: [org.salesTeam.id], closesOn: dayIn(7) },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().id as string;
  await c.database.db
    .updateTable('survey_cycles')
    .set({ opens_on: closesOn < today() ? dayIn(-14) : today(), closes_on: closesOn })
    .where('id', '=', id)
    .execute();
  return id;
}

async function statusOf(c: TestContext, cycleId: string) {
  const row = await c.database.db
    .selectFrom('survey_cycles')
    .select('status')
    .where('id', '=', cycleId)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function closeAudits(c: TestContext, cycleId: string) {
  return c.database.db
    .selectFrom('audit_log')
    .select(['actor_id', 'ip'])
    .where('target_id', '=', cycleId)
    .where('action', '=', 'survey.cycle_closed')
    .execute();
}

/** The latest invitation link per recipient of the organisation. */
async function tokensOf(c: TestContext, organisationId: string, subjectLike = '%') {
  const mails = await c.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .where('subject', 'like', subjectLike)
    .execute();
  return mails.map((mail) => /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1]).filter((t): t is string => !!t);
}

function pulseAnswers() {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItemsFor(pulseCycleIndexOfMonth(today().slice(0, 7)))) {
    if (item.kind === 'likert') answers[item.id] = 4;
    else if (item.kind === 'nps') answers[item.id] = 8;
    else answers[item.id] = '';
  }
  return answers;
}

describeEachDialect('survey-close job', (ctx) => {
  it('closes, through the job runner, a cycle whose closing day was yesterday, not one closing today', async () => {
    const c = ctx();
    const org = await organisationWithReps(c, 3);
    const closingToday = await cycleClosingOn(c, org, today());
    const closedYesterday = await cycleClosingOn(c, org, dayIn(-1));
    const tokens = await tokensOf(c, org.organisation.id);
    expect(tokens.length).toBe(6);

    // The runner's own lease, named per test run: a lease kept from an earlier run must not skip this one.
    const job = { ...surveyCloseJob(c.deps, org.scope), name: `survey-close-test-${randomUUID()}` };
    const runner = createJobRunner(c.database.db, [job], { logger: silent, now: () => new Date() });
    await runner.tick();
    await runner.stop();
    await c.database.db.deleteFrom('job_leases').where('name', '=', job.name).execute();

    expect(await statusOf(c, closedYesterday)).toBe('closed');
    expect(await statusOf(c, closingToday)).toBe('open');
    // Audited like a person's close, with no user and no address.
    expect(await closeAudits(c, closedYesterday)).toEqual([{ actor_id: null, ip: null }]);
    expect(await closeAudits(c, closingToday)).toEqual([]);

    // The rule is the answering check's: the cycle closing today still takes answers, the other does not.
    const results = [];
    for (const token of tokens) {
      const form = await c.app.inject({ method: 'GET', url: `/api/answer/${token}` });
      const response = await c.app.inject({
        method: 'POST',
        url: `/api/answer/${token}`,
        payload: { clientKey: `key-${randomUUID()}`, answers: pulseAnswers() },
      });
      results.push([form.json().open, response.statusCode]);
    }
    expect(results.sort()).toEqual([
      [false, 409],
      [false, 409],
      [false, 409],
      [true, 201],
      [true, 201],
      [true, 201],
    ]);

    // Now closed, the cycle is one the closed-cycle statistics job and the dashboard look for.
    const listed = await org.clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${closedYesterday}` });
    expect(listed.json()).toMatchObject({ status: 'closed' });

    // The next day the other one closes too; a run with nothing due closes nothing.
    const tomorrow = new Date(Date.now() + DAY);
    expect(await closeDueCycles(c.deps, tomorrow, org.scope)).toBe(1);
    expect(await statusOf(c, closingToday)).toBe('closed');
    expect(await closeDueCycles(c.deps, tomorrow, org.scope)).toBe(0);
    expect(await closeAudits(c, closedYesterday)).toHaveLength(1);
  });

  it('closes once when the job and a person close the same cycle at the same moment', async () => {
    const c = ctx();
    const org = await organisationWithReps(c, 3);
    for (let round = 0; round < 3; round++) {
      const cycleId = await cycleClosingOn(c, org, dayIn(-1));
      const [closedByJob, byPerson] = await Promise.all([
        closeDueCycles(c.deps, new Date(), org.scope),
        org.clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` }),
      ]);
      // Either the person won (200, the job skipped it) or the job did (the person reads "already closed").
      if (byPerson.statusCode === 200) expect(closedByJob).toBe(0);
      else {
        expect(byPerson.statusCode).toBe(409);
        expect(byPerson.json()).toMatchObject({ error: { code: 'cycle_closed' } });
        expect(closedByJob).toBe(1);
      }
      expect(await statusOf(c, cycleId)).toBe('closed');
      expect(await closeAudits(c, cycleId)).toHaveLength(1);
    }
  });

  it('leaves scheduled cycles alone, whatever their dates', async () => {
    const c = ctx();
    const org = await organisationWithReps(c, 3);
    const scheduled = await org.clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', audienceTeamIds: [org.salesTeam.id], opensOn: dayIn(3), closesOn: dayIn(10) },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    expect(await closeDueCycles(c.deps, new Date(Date.now() + 30 * DAY), org.scope)).toBe(0);
    expect(await statusOf(c, scheduled.json().id)).toBe('scheduled');
  });
});
