/**
 * The direct attack of decision 0013 through the dashboard and its CSV export: a team of six shows its
 * figures once five have answered; the sixth answers, and reading again must not show anything that
 * differs by that one answer, neither while the cycle is open nor after it closed and its statistics were
 * stored. The organisation moves on once at least k more answered elsewhere.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { type Client, createOrganisationWithRoles, createTeam, createUser, type TestUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { storeStatisticsOfClosedCycles } from '../jobs/closed-cycle-statistics.job.js';

const closesOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const pulseItems = () => pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)));

/** Pulse answers: the given trust and iNPS answers, every driver statement `driver`. */
function pulseAnswers(trust: [number, number], inps: number, driver: number) {
  const answers: Record<string, number | string> = {};
  for (const item of pulseItems()) if (item.kind === 'likert') answers[item.id] = driver;
  answers.TRUST1 = trust[0];
  answers.TRUST2 = trust[1];
  answers.INPS = inps;
  return answers;
}

async function tokensOf(ctx: TestContext, organisationId: string) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const tokens = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (token) tokens.set(mail.recipient, token);
  }
  return tokens;
}

/** Each recipient's personal link not seen before (one per cycle); mails come in no promised order. */
async function newTokensOf(ctx: TestContext, organisationId: string, seen: Set<string>) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const fresh = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (token && !seen.has(token)) fresh.set(mail.recipient, token);
  }
  for (const token of fresh.values()) seen.add(token);
  return fresh;
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

async function get(client: Client, url: string) {
  const response = await client.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

describeEachDialect('dashboard figures over release epochs', (ctx) => {
  it('keeps a team of six at its fifth answer after the sixth, open and closed, and moves the organisation on', async () => {
    const c = ctx();
    const { clients, organisation } = await createOrganisationWithRoles(c.app, c.database.db);
    const teamOf = async (size: number) => {
      const team = await createTeam(c.database.db, organisation.id, { region: 'Nord' });
      const reps: TestUser[] = [];
      for (let i = 0; i < size; i++)
        reps.push(await createUser(c.database.db, organisation.id, { role: 'sales_rep', teamId: team.id }));
      return { id: team.id, reps };
    };
    const six = await teamOf(6);
    const elsewhere = await teamOf(5);
    const opened = await clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', audienceTeamIds: [six.id, elsewhere.id], closesOn: closesOn(), withMirror: false },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const cycleId = opened.json().id as string;
    const tokens = await tokensOf(c, organisation.id);

    const organisationUrl = `/api/dashboard?cycleId=${cycleId}`;
    const teamUrl = `/api/dashboard?cycleId=${cycleId}&team=${six.id}`;
    const teamCsvUrl = `/api/dashboard/export.csv?cycleId=${cycleId}&team=${six.id}`;
    /** What a reader sees of the team and the organisation, without the cycle's status line. */
    const read = async () => {
      const org = (await get(clients.executive, organisationUrl)).json();
      const team = (await get(clients.executive, teamUrl)).json();
      const csv = (await get(clients.executive, teamCsvUrl)).body;
      const row = org.heatmap.rows.find((entry: { teamId: string }) => entry.teamId === six.id);
      const figures = (body: Record<string, unknown>) => {
        const { cycle: _cycle, latestAsOf: _latest, ...rest } = body;
        return rest;
      };
      return { org: figures(org), team: figures(team), row, csv };
    };

    // Five of the six answer: the team is shown (k = 5), and so is the organisation it makes up.
    for (const rep of six.reps.slice(0, 5)) await answer(c, tokens.get(rep.email), pulseAnswers([4, 4], 8, 4));
    const atFive = await read();
    expect(atFive.team).toMatchObject({ available: true, n: 5, trustIndex: { available: true, value: 75 } });
    expect(atFive.row).toMatchObject({ available: true, trustIndex: 75 });
    expect(atFive.org).toMatchObject({ available: true, n: 5 });
    expect(atFive.team.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(atFive.csv).toMatch(/respondents,n,5/);

    // The sixth answers very differently. Whatever is read, nothing differs by that one answer.
    await answer(c, tokens.get(six.reps[5]?.email ?? ''), pulseAnswers([1, 1], 0, 1));
    const atSix = await read();
    expect(atSix).toEqual(atFive);
    // The answer waits for enough others: counted in no epoch yet.
    const pending = await c.database.db
      .selectFrom('survey_responses')
      .select('release_epoch')
      .where('cycle_id', '=', cycleId)
      .execute();
    expect(pending.filter((row) => row.release_epoch === null)).toHaveLength(1);

    // Five more answer elsewhere: the organisation moves on with all eleven, while the team keeps its
    // fifth answer's figures and the other team stays hidden (shown, it would leave the sixth alone in a class).
    for (const rep of elsewhere.reps) await answer(c, tokens.get(rep.email), pulseAnswers([5, 5], 10, 5));
    const movedOn = await read();
    expect(movedOn.org).toMatchObject({ available: true, n: 11 });
    expect((movedOn.org as { trustIndex: { value: number } }).trustIndex.value).toBeCloseTo((5 * 75 + 0 + 5 * 100) / 11, 10);
    expect(movedOn.team).toEqual(atFive.team);
    expect(movedOn.row).toEqual(atFive.row);
    expect(movedOn.csv).toBe(atFive.csv);
    const other = (await get(clients.executive, organisationUrl))
      .json()
      .heatmap.rows.find((entry: { teamId: string }) => entry.teamId === elsewhere.id);
    expect(other).toMatchObject({ available: false });
    expect((await get(clients.executive, `/api/dashboard?cycleId=${cycleId}&team=${elsewhere.id}`)).json()).toMatchObject({
      available: false,
    });

    // Closed, and its statistics stored by the background job: still the same figures.
    const closed = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await storeStatisticsOfClosedCycles(c.deps, { organisationIds: [organisation.id] })).toBe(1);
    const stored = await c.database.db
      .selectFrom('analytics_group_figures')
      .select(['group_key', 'released_at', 'respondents'])
      .where('cycle_id', '=', cycleId)
      .where('group_key', '=', `team=${six.id}`)
      .execute();
    expect(stored).toEqual([{ group_key: `team=${six.id}`, released_at: 1, respondents: 5 }]);
    const afterClose = await read();
    expect(afterClose.team).toEqual(atFive.team);
    expect(afterClose.row).toEqual(atFive.row);
    expect(afterClose.csv).toBe(atFive.csv);
    expect(afterClose.org).toEqual(movedOn.org);
  });

  it('keeps the team unchanged when the sixth answer is the last one, counted only at closing', async () => {
    const c = ctx();
    const { clients, organisation } = await createOrganisationWithRoles(c.app, c.database.db);
    const team = await createTeam(c.database.db, organisation.id, { region: 'Nord' });
    const reps: TestUser[] = [];
    for (let i = 0; i < 6; i++)
      reps.push(await createUser(c.database.db, organisation.id, { role: 'sales_rep', teamId: team.id }));
    const opened = await clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', audienceTeamIds: [team.id], closesOn: closesOn(), withMirror: false },
    });
    const cycleId = opened.json().id as string;
    const tokens = await tokensOf(c, organisation.id);
    for (const rep of reps.slice(0, 5)) await answer(c, tokens.get(rep.email), pulseAnswers([3, 4], 9, 3));
    const url = `/api/dashboard?cycleId=${cycleId}`;
    const before = (await get(clients.executive, url)).json();
    const csvBefore = (await get(clients.executive, `/api/dashboard/export.csv?cycleId=${cycleId}`)).body;
    expect(before).toMatchObject({ available: true, n: 5 });
    await answer(c, tokens.get(reps[5]?.email ?? ''), pulseAnswers([5, 5], 0, 5));
    await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
    // Closing counted the sixth in one more epoch; its plans release nothing new (the new set differs by one).
    const epochs = await c.database.db
      .selectFrom('survey_release_epochs')
      .select('epoch')
      .where('cycle_id', '=', cycleId)
      .where('form', '=', 'sales')
      .execute();
    expect(epochs.map((row) => Number(row.epoch)).sort()).toEqual([1, 2]);
    // Read first (figures stored by the read), then by the job on a cycle whose figures are gone.
    const after = (await get(clients.executive, url)).json();
    expect(after.n).toBe(5);
    expect(after.trustIndex).toEqual(before.trustIndex);
    expect(after.inps).toEqual(before.inps);
    expect(after.drivers).toEqual(before.drivers);
    expect(after.heatmap).toEqual(before.heatmap);
    expect(after.asOf).toBe(before.asOf);
    expect((await get(clients.executive, `/api/dashboard/export.csv?cycleId=${cycleId}`)).body).toBe(csvBefore);
    for (const table of ['analytics_group_figures', 'analytics_cycle_group_figures'] as const) {
      await c.database.db.deleteFrom(table).where('cycle_id', '=', cycleId).execute();
    }
    expect(await storeStatisticsOfClosedCycles(c.deps, { organisationIds: [organisation.id] })).toBe(1);
    expect((await get(clients.executive, `/api/dashboard/export.csv?cycleId=${cycleId}`)).body).toBe(csvBefore);
  });

  it('measures an action plan with the figure the follow-up cycle shows, without the answer left out of it', async () => {
    const c = ctx();
    const { clients, organisation } = await createOrganisationWithRoles(c.app, c.database.db);
    const team = await createTeam(c.database.db, organisation.id, { region: 'Nord' });
    const reps: TestUser[] = [];
    for (let i = 0; i < 6; i++)
      reps.push(await createUser(c.database.db, organisation.id, { role: 'sales_rep', teamId: team.id }));
    const seen = new Set<string>();
    const openPulse = async () => {
      const opened = await clients.marketing_lead.inject({
        method: 'POST',
        url: '/api/survey-cycles',
        payload: { form: 'pulse', audienceTeamIds: [team.id], closesOn: closesOn(), withMirror: false },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      return { id: opened.json().id as string, tokens: await newTokensOf(c, organisation.id, seen) };
    };
    const close = async (cycleId: string) => {
      const closed = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
      expect(closed.statusCode, closed.body).toBe(200);
    };
    // Baseline: all six answer at once, counted together.
    const baseline = await openPulse();
    const before = [2, 3, 3, 2, 4, 3];
    for (const [i, rep] of reps.entries())
      await answer(c, baseline.tokens.get(rep.email), pulseAnswers([3, 3], 8, before[i] as number));
    await close(baseline.id);
    const created = await clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/action-plans',
      payload: {
        title: 'Take field ideas to the board',
        driverId: 'AMB',
        teamId: team.id,
        ownerId: clients.marketer.user.id,
        dueOn: closesOn(),
        steps: ['Collect'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const planId = created.json().id as string;

    // Follow-up: five answer and the team is read; the sixth answers after, and is counted only at closing.
    const followUp = await openPulse();
    const after = [4, 5, 4, 3, 5];
    for (const [i, rep] of reps.slice(0, 5).entries())
      await answer(c, followUp.tokens.get(rep.email), pulseAnswers([4, 4], 8, after[i] as number));
    const shown = (await get(clients.executive, `/api/dashboard?cycleId=${followUp.id}&team=${team.id}`)).json();
    expect(shown.drivers.find((d: { driverId: string }) => d.driverId === 'AMB').value).toBeCloseTo(21 / 5, 10);
    await answer(c, followUp.tokens.get(reps[5]?.email ?? ''), pulseAnswers([1, 1], 0, 1));
    await close(followUp.id);

    const measured = (await get(clients.marketing_lead, `/api/action-plans/${planId}`)).json().followUp;
    expect(measured).toMatchObject({ state: 'measured', baselineCycleId: baseline.id, followUpCycleId: followUp.id });
    expect(measured.before).toBeCloseTo(17 / 6, 10);
    expect(measured.after).toBeCloseTo(21 / 5, 10);
    const closedTeam = (await get(clients.executive, `/api/dashboard?cycleId=${followUp.id}&team=${team.id}`)).json();
    expect(closedTeam.drivers).toEqual(shown.drivers);
  });
});
