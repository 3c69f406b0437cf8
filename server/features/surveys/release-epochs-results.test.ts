/**
 * The attack of decision 0013 through the HTTP API: a group read before and after one more person answers
 * must not show two figures that differ by that one answer. Release epochs keep a group's figure at the
 * epoch it was released at until it can move on safely; larger groups move on when enough answer.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { type Client, createOrganisationWithRoles, createTeam, createUser, type TestUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

const closesOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);
const pulseItems = () => pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)));

type Team = { id: string; reps: TestUser[] };

/** An organisation with k = 5 and k_c = 5 (so that a team of five shows comments), and sales teams in region Nord. */
async function organisationWithTeams(c: TestContext, sizes: number[]) {
  const org = await createOrganisationWithRoles(c.app, c.database.db);
  const current = await org.clients.admin.inject({ method: 'GET', url: '/api/settings/privacy' });
  const changed = await org.clients.admin.inject({
    method: 'PUT',
    url: '/api/settings/privacy',
    headers: { 'if-match': current.headers.etag as string },
    payload: { minGroupSize: 5, minCommentGroupSize: 5, breakdownAttributes: ['team', 'region', 'tenureBand', 'role'] },
  });
  expect(changed.statusCode, changed.body).toBe(200);
  const teams: Team[] = [];
  for (const size of sizes) {
    const team = await createTeam(c.database.db, org.organisation.id, { region: 'Nord' });
    const reps: TestUser[] = [];
    for (let i = 0; i < size; i++)
      reps.push(await createUser(c.database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id }));
    teams.push({ id: team.id, reps });
  }
  return { ...org, teams };
}

async function openCycle(c: TestContext, client: Client, organisationId: string, teamIds: string[]) {
  const opened = await client.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: teamIds, closesOn: closesOn() },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const mails = await c.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const tokens = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (token) tokens.set(mail.recipient, token);
  }
  return { cycleId: opened.json().id as string, tokens };
}

/** Every statement `level`, trust answers `trust`, iNPS `inps`, the comment given. */
function answers(level: number, trust: number, inps: number, comment: string) {
  const given: Record<string, unknown> = {};
  for (const item of pulseItems()) {
    if (item.kind === 'likert') given[item.id] = level;
    else if (item.kind === 'open') given[item.id] = comment;
  }
  given.TRUST1 = trust;
  given.TRUST2 = trust;
  given.INPS = inps;
  return given;
}

async function answer(c: TestContext, token: string | undefined, given: Record<string, unknown>) {
  const response = await c.app.inject({
    method: 'POST',
    url: `/api/answer/${token}`,
    payload: { clientKey: `key-${randomUUID()}`, answers: given },
  });
  expect(response.statusCode, response.body).toBe(201);
}

async function epochsOf(c: TestContext, cycleId: string) {
  const rows = await c.database.db
    .selectFrom('survey_release_epochs')
    .select('epoch')
    .where('cycle_id', '=', cycleId)
    .where('form', '=', 'sales')
    .execute();
  return rows.map((row) => Number(row.epoch)).sort();
}

/** The figures of the group asked for: everything in the payload except the organisation-wide breakdowns. */
function figuresOf(body: Record<string, unknown>) {
  const { breakdowns: _breakdowns, ...figures } = body;
  return figures;
}

describeEachDialect('release epochs in the results', (ctx) => {
  it('a team of 6 shown at 5 answers stays at those 5 after the 6th answers, also per statement, in comments and after closing', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [6, 10]);
    const [small, other] = teams as [Team, Team];
    const { cycleId, tokens } = await openCycle(c, clients.marketing_lead, organisation.id, [small.id, other.id]);
    const results = `/api/survey-cycles/${cycleId}/results`;
    const comments = `/api/survey-cycles/${cycleId}/comments`;
    const read = async (url: string) => {
      const response = await clients.executive.inject({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const teamGroupOf = (body: { breakdowns: { attribute: string; groups: { value: string }[] }[] }) =>
      body.breakdowns.find((b) => b.attribute === 'team')?.groups.find((g) => g.value === small.id);

    for (const [i, rep] of small.reps.slice(0, 5).entries())
      await answer(c, tokens.get(rep.email), answers(4, 4, 8, `small ${i}`));
    const before = await read(`${results}?team=${small.id}`);
    expect(before).toMatchObject({ available: true, n: 5, asOf: today(), trustIndex: 75, inps: 0 });
    expect(before.statements.find((s: { itemId: string }) => s.itemId === 'TRUST1')).toEqual({
      itemId: 'TRUST1',
      available: true,
      mean: 4,
      favourableShare: 1,
    });
    const breakdownBefore = teamGroupOf(await read(results));
    expect(breakdownBefore).toEqual({ value: small.id, available: true, n: 5, asOf: today(), trustIndex: 75, inps: 0 });
    const commentsBefore = await read(`${comments}?team=${small.id}`);
    expect(commentsBefore.comments.map((comment: { text: string }) => comment.text).sort()).toEqual([
      'small 0',
      'small 1',
      'small 2',
      'small 3',
      'small 4',
    ]);
    expect(await epochsOf(c, cycleId)).toEqual([1]);

    // The sixth answers, very differently, and enough others answer that a new epoch opens.
    await answer(c, tokens.get(small.reps[5]?.email as string), answers(1, 1, 0, 'small 5: the sixth'));
    for (const [i, rep] of other.reps.slice(0, 5).entries())
      await answer(c, tokens.get(rep.email), answers(3, 3, 9, `other ${i}`));
    const after = await read(`${results}?team=${small.id}`);
    expect(await epochsOf(c, cycleId)).toEqual([1, 2]);
    expect(figuresOf(after)).toEqual(figuresOf(before));
    expect(teamGroupOf(await read(results))).toEqual(breakdownBefore);
    const commentsAfter = await read(`${comments}?team=${small.id}`);
    expect(commentsAfter.comments.map((comment: { text: string }) => comment.text).sort()).toEqual([
      'small 0',
      'small 1',
      'small 2',
      'small 3',
      'small 4',
    ]);

    // Closing counts the last pending answers in a final epoch, planned the same way.
    await answer(c, tokens.get(other.reps[5]?.email as string), answers(2, 2, 5, 'other 5'));
    const closed = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await epochsOf(c, cycleId)).toEqual([1, 2, 3]);
    expect(figuresOf(await read(`${results}?team=${small.id}`))).toEqual(figuresOf(before));
    expect(teamGroupOf(await read(results))).toEqual(breakdownBefore);
    const commentsClosed = await read(`${comments}?team=${small.id}`);
    expect(commentsClosed.comments.map((comment: { text: string }) => comment.text).sort()).toEqual([
      'small 0',
      'small 1',
      'small 2',
      'small 3',
      'small 4',
    ]);
    // No figure anywhere includes the sixth's answer: no shown trust index of the team moved.
    const pending = await c.database.db
      .selectFrom('survey_responses')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('release_epoch', 'is', null)
      .execute();
    expect(pending).toEqual([]);
  });

  it('the organisation and its teams move on when at least k more answer in each team', async () => {
    const c = ctx();
    const { clients, organisation, teams } = await organisationWithTeams(c, [10, 10]);
    const [first, second] = teams as [Team, Team];
    const { cycleId, tokens } = await openCycle(c, clients.marketing_lead, organisation.id, [first.id, second.id]);
    const results = `/api/survey-cycles/${cycleId}/results`;
    const read = async (query: string) => (await clients.executive.inject({ method: 'GET', url: `${results}${query}` })).json();

    for (const team of [first, second]) {
      for (const [i, rep] of team.reps.slice(0, 5).entries())
        await answer(c, tokens.get(rep.email), answers(4, 4, 8, `early ${i}`));
    }
    expect(await read('')).toMatchObject({ available: true, n: 10, asOf: today(), trustIndex: 75 });
    expect(await read(`?team=${first.id}`)).toMatchObject({ available: true, n: 5, trustIndex: 75 });

    for (const team of [first, second]) {
      for (const [i, rep] of team.reps.slice(5).entries()) await answer(c, tokens.get(rep.email), answers(2, 2, 8, `late ${i}`));
    }
    const organisationAfter = await read('');
    expect(await epochsOf(c, cycleId)).toEqual([1, 2]);
    expect(organisationAfter).toMatchObject({ available: true, n: 20, asOf: today(), trustIndex: 50 });
    expect(organisationAfter.statements.find((s: { itemId: string }) => s.itemId === 'TRUST1')).toMatchObject({ mean: 3 });
    for (const team of [first, second]) {
      expect(await read(`?team=${team.id}`)).toMatchObject({ available: true, n: 10, trustIndex: 50 });
    }
  });
});
