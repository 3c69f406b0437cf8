/**
 * What a database reader can learn from the stored survey rows (docs/decisions/0004-survey-storage.md):
 * no invitation column pairs with a response column except the cycle and the atom; a closed cycle
 * keeps nobody's participation; responses and answers are not stored in the order they came.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import {
  type Client,
  createOrganisationWithRoles,
  createTeam,
  createUser,
  signedInClient,
  type TestUser,
} from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

const tomorrowPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An organisation whose marketing lead opens a pulse for one sales team of `size` reps. */
async function openPulse(ctx: TestContext, size: number) {
  const { app, database } = ctx;
  const org = await createOrganisationWithRoles(app, database.db);
  const team = await createTeam(database.db, org.organisation.id, {
    name: `Vertrieb ${randomUUID().slice(0, 6)}`,
    region: 'Ost',
  });
  const reps: TestUser[] = [];
  for (let i = 0; i < size; i++)
    reps.push(await createUser(database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id }));
  const opened = await org.clients.marketing_lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: [team.id], closesOn: tomorrowPlus(7) },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const cycleId = opened.json().id as string;
  return { ...org, reps, cycleId };
}

/** The latest link mailed to each recipient (a reminder replaces the earlier one). */
async function latestTokens(ctx: TestContext, organisationId: string) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at')
    .execute();
  const tokens = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (token) tokens.set(mail.recipient, token);
  }
  return tokens;
}

function pulseAnswers(seed: number) {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)))) {
    if (item.kind === 'likert') answers[item.id] = 1 + ((seed + item.id.length) % 5);
    else if (item.kind === 'nps') answers[item.id] = seed % 11;
  }
  return answers;
}

function submit(ctx: TestContext, token: string | undefined, answers: Record<string, unknown>, clientKey = `k-${randomUUID()}`) {
  return ctx.app.inject({ method: 'POST', url: `/api/answer/${token}`, payload: { clientKey, answers } });
}

const closeCycle = async (client: Client, cycleId: string) => {
  const closed = await client.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
  expect(closed.statusCode, closed.body).toBe(200);
  return closed.json();
};

/** Ids of one table's rows of the cycle as stored: SQLite's table scan order, PostgreSQL's physical (ctid) order. */
async function storedOrder(
  ctx: TestContext,
  table: 'survey_responses' | 'survey_invitations' | 'survey_answers',
  cycleId: string,
) {
  // Every column and no condition: SQLite scans the table itself, not an index that covers the query.
  const query =
    ctx.dialect === 'sqlite'
      ? sql<{ cycle_id: string }>`select * from ${sql.table(table)}`
      : sql<{ cycle_id: string }>`select * from ${sql.table(table)} where cycle_id = ${cycleId} order by ctid`;
  const key = table === 'survey_answers' ? 'response_id' : 'id';
  return (await query.execute(ctx.database.db)).rows
    .filter((row) => row.cycle_id === cycleId)
    .map((row) => (row as unknown as Record<string, string>)[key] as string);
}

/** PostgreSQL only: the cycle's ids in physical order, split into the heap pages that hold them. */
async function storedPages(
  ctx: TestContext,
  table: 'survey_responses' | 'survey_invitations' | 'survey_answers',
  cycleId: string,
) {
  const column = table === 'survey_answers' ? sql.ref('response_id') : sql.ref('id');
  const rows = await sql<{ id: string; page: string }>`select ${column} as id, (ctid::text::point)[0]::text as page
    from ${sql.table(table)} where cycle_id = ${cycleId} order by ctid`.execute(ctx.database.db);
  const pages: string[][] = [];
  let current: string | undefined;
  for (const row of rows.rows) {
    if (row.page !== current) pages.push([]);
    current = row.page;
    pages.at(-1)?.push(row.id);
  }
  return pages;
}

/** The same ids in the database's own id order (its collation, not JavaScript's). */
async function idOrder(ctx: TestContext, table: 'survey_responses' | 'survey_invitations' | 'survey_answers', cycleId: string) {
  const column = table === 'survey_answers' ? sql.ref('response_id') : sql.ref('id');
  const rows = await sql<{ id: string }>`select ${column} as id from ${sql.table(table)} where cycle_id = ${cycleId}
    order by ${column}${table === 'survey_answers' ? sql`, item_id` : sql``}`.execute(ctx.database.db);
  return rows.rows.map((row) => row.id);
}

describeEachDialect('anonymous survey storage', (ctx) => {
  it('has no invitation column that pairs with a response column except the cycle and the atom; closing forgets who answered', async () => {
    const c = ctx();
    const { clients, organisation, reps, cycleId } = await openPulse(c, 7);
    const tokens = await latestTokens(c, organisation.id);
    for (const [i, rep] of reps.slice(0, 3).entries()) {
      expect((await submit(c, tokens.get(rep.email), pulseAnswers(i))).statusCode).toBe(201);
    }
    // A reminder round reaches only those who have not answered yet; two more answer afterwards.
    const reminded = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/reminders` });
    expect(reminded.statusCode, reminded.body).toBe(200);
    const latest = await latestTokens(c, organisation.id);
    for (const [i, rep] of reps.slice(3, 5).entries()) {
      expect((await submit(c, latest.get(rep.email), pulseAnswers(i))).statusCode).toBe(201);
    }

    const { db } = c.database;
    const invitations = await db.selectFrom('survey_invitations').selectAll().where('cycle_id', '=', cycleId).execute();
    const responses = await db.selectFrom('survey_responses').selectAll().where('cycle_id', '=', cycleId).execute();
    expect(responses).toHaveLength(5);
    // Any invitation value equal to any response value, column by column: only these columns may pair.
    // The organisation and the form are the same for every row of the cycle's sales form.
    const mayPair = new Set([
      'cycle_id=cycle_id',
      'organisation_id=organisation_id',
      'form=form',
      'atom_team_id=team_id',
      'atom_region=region',
      'atom_tenure_band=tenure_band',
      'atom_role=role',
    ]);
    const pairs: string[] = [];
    for (const invitationColumn of Object.keys(invitations[0] ?? {})) {
      const values = new Set(invitations.map((row) => String(row[invitationColumn as keyof typeof row])));
      for (const responseColumn of Object.keys(responses[0] ?? {})) {
        if (responses.some((row) => values.has(String(row[responseColumn as keyof typeof row])))) {
          pairs.push(`${invitationColumn}=${responseColumn}`);
        }
      }
    }
    expect(pairs.filter((pair) => !mayPair.has(pair))).toEqual([]);
    // While the cycle is open, the flag is needed (second submissions, reminders, "my surveys").
    expect(invitations.filter((row) => row.answered === 1)).toHaveLength(5);
    expect(new Set(invitations.map((row) => row.reminders_sent))).toEqual(new Set([0, 1]));

    await closeCycle(clients.marketing_lead, cycleId);
    const closed = await sql<{ answered: number | null; reminders_sent: number }>`
      select answered, reminders_sent from survey_invitations where cycle_id = ${cycleId}`.execute(db);
    expect(closed.rows).toHaveLength(7);
    // Nobody marked as answered or not, and every invitation with the cycle's one reminder round.
    expect(closed.rows.every((row) => row.answered === null)).toBe(true);
    expect(closed.rows.every((row) => Number(row.reminders_sent) === 1)).toBe(true);
  });

  it('counts respondents from the responses: a closed cycle keeps its answered count, response rate and results', async () => {
    const c = ctx();
    const { clients, organisation, reps, cycleId } = await openPulse(c, 6);
    const tokens = await latestTokens(c, organisation.id);
    for (const [i, rep] of reps.slice(0, 5).entries()) {
      expect((await submit(c, tokens.get(rep.email), pulseAnswers(i))).statusCode).toBe(201);
    }
    const url = `/api/survey-cycles/${cycleId}`;
    const before = (await clients.marketing_lead.inject({ method: 'GET', url })).json();
    expect(before).toMatchObject({ invited: 6, answered: 5, responseRate: 5 / 6 });
    const resultsBefore = (await clients.marketing_lead.inject({ method: 'GET', url: `${url}/results` })).json();

    expect(await closeCycle(clients.marketing_lead, cycleId)).toMatchObject({ status: 'closed', invited: 6, answered: 5 });
    const listed = (await clients.marketing_lead.inject({ method: 'GET', url: '/api/survey-cycles' })).json();
    expect(listed.items.find((cycle: { id: string }) => cycle.id === cycleId)).toMatchObject({
      invited: 6,
      answered: 5,
      responseRate: 5 / 6,
    });
    const resultsAfter = await clients.marketing_lead.inject({ method: 'GET', url: `${url}/results` });
    expect(resultsAfter.statusCode, resultsAfter.body).toBe(200);
    expect(resultsAfter.json()).toMatchObject({ available: true, n: 5, invited: 6 });
    expect(resultsAfter.json().trustIndex).toBe(resultsBefore.trustIndex);
  });

  it('treats a closed cycle alike for those who answered and those who did not: closed, never "not answered"', async () => {
    const c = ctx();
    const { app, database } = c;
    const { clients, organisation, reps, cycleId } = await openPulse(c, 5);
    const tokens = await latestTokens(c, organisation.id);
    const [answering, silent] = reps as [TestUser, TestUser];
    expect((await submit(c, tokens.get(answering.email), pulseAnswers(1))).statusCode).toBe(201);
    await closeCycle(clients.marketing_lead, cycleId);

    const seen = [];
    for (const rep of [answering, silent]) {
      const client = await signedInClient(app, database.db, rep);
      const list = await client.inject({ method: 'GET', url: '/api/my-surveys' });
      expect(list.json().items).toEqual([]);
      const link = await client.inject({ method: 'POST', url: `/api/my-surveys/${cycleId}/link` });
      expect(link.statusCode).toBe(409);
      expect(link.json().error.code).toBe('cycle_closed');
      const form = await app.inject({ method: 'GET', url: `/api/answer/${tokens.get(rep.email)}` });
      expect(form.statusCode).toBe(200);
      expect(form.json()).toMatchObject({ open: false, answered: false });
      const again = await submit(c, tokens.get(rep.email), pulseAnswers(2));
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('cycle_closed');
      const { itemIds: _items, ...rest } = form.json();
      seen.push(rest);
    }
    expect(seen[0]).toEqual(seen[1]);
    const reminders = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/reminders` });
    expect(reminders.statusCode).toBe(409);
  });

  it('stores responses and answers in the order of their random ids, not in the order they came', async () => {
    const c = ctx();
    const { clients, organisation, reps, cycleId } = await openPulse(c, 30);
    const tokens = await latestTokens(c, organisation.id);
    const invitationsBefore = await storedOrder(c, 'survey_invitations', cycleId);
    const submitted: string[] = [];
    for (const [i, rep] of reps.entries()) {
      expect((await submit(c, tokens.get(rep.email), pulseAnswers(i))).statusCode).toBe(201);
      const ids = await c.database.db.selectFrom('survey_responses').select('id').where('cycle_id', '=', cycleId).execute();
      const added = ids.map((row) => row.id).filter((id) => !submitted.includes(id));
      expect(added).toHaveLength(1);
      submitted.push(added[0] as string);
    }
    const byId = await idOrder(c, 'survey_responses', cycleId);
    // 30 random ids come in id order with odds of 1 in 30!: the test below would then prove nothing.
    expect(submitted).not.toEqual(byId);

    if (c.dialect === 'sqlite') {
      // WITHOUT ROWID tables are kept in key order from the first insert on.
      expect(await storedOrder(c, 'survey_responses', cycleId)).toEqual(byId);
      expect(await storedOrder(c, 'survey_answers', cycleId)).toEqual(await idOrder(c, 'survey_answers', cycleId));
      // Marking an invitation answered updates it where it is: their order is still that of the opening.
      expect(await storedOrder(c, 'survey_invitations', cycleId)).toEqual(invitationsBefore);
    }

    await closeCycle(clients.marketing_lead, cycleId);
    if (c.dialect === 'postgres') {
      // The rewrite inserts in id order; free space from earlier deletions may place a run of rows on an
      // earlier page, so the order is checked page by page: within every page the rows ascend by id.
      for (const table of ['survey_responses', 'survey_answers', 'survey_invitations'] as const) {
        const expected = await idOrder(c, table, cycleId);
        const pages = await storedPages(c, table, cycleId);
        expect(pages.flat().sort()).toEqual([...expected].sort());
        for (const ids of pages) expect(ids).toEqual([...ids].sort((a, b) => expected.indexOf(a) - expected.indexOf(b)));
      }
      expect((await storedPages(c, 'survey_responses', cycleId)).flat()).not.toEqual(submitted);
    } else {
      expect(await storedOrder(c, 'survey_responses', cycleId)).toEqual(byId);
      expect(await storedOrder(c, 'survey_answers', cycleId)).toEqual(await idOrder(c, 'survey_answers', cycleId));
      expect(await storedOrder(c, 'survey_invitations', cycleId)).toEqual(invitationsBefore);
    }
    // Nothing lost by the rewrite.
    const answers = await c.database.db
      .selectFrom('survey_answers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cycle_id', '=', cycleId)
      .executeTakeFirstOrThrow();
    expect(Number(answers.n)).toBe(30 * Object.keys(pulseAnswers(0)).length);
  });

  it('scopes the client key to the cycle: reused in another cycle it is a new response, under another invitation a 409', async () => {
    const c = ctx();
    const { clients, organisation, reps, cycleId } = await openPulse(c, 5);
    const tokens = await latestTokens(c, organisation.id);
    const [first, second] = reps as [TestUser, TestUser];
    const key = `shared-${randomUUID()}`;
    expect((await submit(c, tokens.get(first.email), pulseAnswers(1), key)).statusCode).toBe(201);

    // The same key under another, unanswered invitation of the cycle: refused, nothing stored, the
    // invitation still open for a submission with a key of its own.
    const reused = await submit(c, tokens.get(second.email), pulseAnswers(2), key);
    expect(reused.statusCode, reused.body).toBe(409);
    expect(reused.json().error.code).toBe('conflict');
    const stillOne = await c.database.db.selectFrom('survey_responses').select('id').where('cycle_id', '=', cycleId).execute();
    expect(stillOne).toHaveLength(1);
    expect((await submit(c, tokens.get(second.email), pulseAnswers(2))).statusCode).toBe(201);

    // A retry under the invitation that sent it is recognised; another key there is a second submission.
    const retry = await submit(c, tokens.get(first.email), pulseAnswers(1), key);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ok: true, replayed: true });
    const otherKey = await submit(c, tokens.get(first.email), pulseAnswers(1));
    expect(otherKey.statusCode).toBe(409);
    expect(otherKey.json().error.code).toBe('already_answered');

    // In another cycle the key means nothing: it neither makes a second submission a replay nor
    // stops a first one.
    const other = await openPulse(c, 5);
    const otherTokens = await latestTokens(c, other.organisation.id);
    const [otherFirst, otherSecond] = other.reps as [TestUser, TestUser];
    expect((await submit(c, otherTokens.get(otherFirst.email), pulseAnswers(3))).statusCode).toBe(201);
    const notAReplay = await submit(c, otherTokens.get(otherFirst.email), pulseAnswers(3), key);
    expect(notAReplay.statusCode).toBe(409);
    expect(notAReplay.json().error.code).toBe('already_answered');
    const elsewhere = await submit(c, otherTokens.get(otherSecond.email), pulseAnswers(4), key);
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    for (const [id, answered] of [
      [cycleId, 2],
      [other.cycleId, 2],
    ] as const) {
      const stored = await c.database.db.selectFrom('survey_responses').select('id').where('cycle_id', '=', id).execute();
      expect(stored).toHaveLength(answered);
    }
    expect((await clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}` })).json().invited).toBe(5);
  });

  it('refuses a submission without any answer with 400 and counts nothing', async () => {
    const c = ctx();
    const { organisation, reps, cycleId } = await openPulse(c, 5);
    const tokens = await latestTokens(c, organisation.id);
    const token = tokens.get(reps[0]?.email ?? '');
    const allCantJudge = Object.fromEntries(Object.keys(pulseAnswers(0)).map((id) => [id, null]));
    for (const answers of [{}, allCantJudge, { ...allCantJudge, OPEN1: '   ' }]) {
      const response = await submit(c, token, answers);
      expect(response.statusCode, JSON.stringify(answers)).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'validation_failed',
        message: expect.stringMatching(/^Answer at least one statement/),
        details: [{ path: 'answers', code: 'no_answer' }],
      });
    }
    const { db } = c.database;
    expect(await db.selectFrom('survey_responses').select('id').where('cycle_id', '=', cycleId).execute()).toEqual([]);
    const marked = await db
      .selectFrom('survey_invitations')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('answered', '=', 1)
      .execute();
    expect(marked).toEqual([]);
    // One answer is enough.
    expect((await submit(c, token, { ...allCantJudge, TRUST2: 4 })).statusCode).toBe(201);
  });
});
