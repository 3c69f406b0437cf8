import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import type { Role } from '../../../common/roles.js';
import { createOrganisationWithRoles, createTeam, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';

/** An organisation with a sales team of `size` reps and a marketing lead who opens cycles. */
async function organisationWithTeam(ctx: TestContext, size: number) {
  const { app, database } = ctx;
  const org = await createOrganisationWithRoles(app, database.db);
  const team = await createTeam(database.db, org.organisation.id, {
    name: `Vertrieb ${randomUUID().slice(0, 6)}`,
    region: 'Süd',
  });
  const reps = [];
  for (let i = 0; i < size; i++) {
    reps.push(
      await createUser(database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id, locale: i % 2 ? 'en' : 'de' }),
    );
  }
  return { ...org, salesTeam: team, reps };
}

async function answerTokens(ctx: TestContext, organisationId: string) {
  const mails = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'subject', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const tokens = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (token) tokens.set(mail.recipient, token);
  }
  return { tokens, mails };
}

/** Answers to every item of this month's pulse. */
function fullPulseAnswers(seed: number) {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)))) {
    if (item.kind === 'likert') answers[item.id] = 1 + ((seed + item.id.length) % 5);
    else if (item.kind === 'nps') answers[item.id] = seed % 11;
    else answers[item.id] = seed % 2 ? 'Mehr gemeinsame Kundenbesuche.' : '';
  }
  return answers;
}

/** The marketing lead opens a cycle for one sales team, closing in `days` days. */
function openCycleFor(
  clients: Awaited<ReturnType<typeof organisationWithTeam>>['clients'],
  teamId: string,
  form: 'pulse' | 'trust_check',
  days: number,
) {
  return clients.marketing_lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form, audienceTeamIds: [teamId], closesOn: tomorrowPlus(days) },
  });
}

const tomorrowPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describeEachDialect('trust pulses: cycles and answering', (ctx) => {
  it('opens a pulse for a team, invites each rep by e-mail in their language, and hides counts under k', async () => {
    const c = ctx();
    const { clients, salesTeam, reps, organisation } = await organisationWithTeam(c, 6);
    const opened = await openCycleFor(clients, salesTeam.id, 'pulse', 14);
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ form: 'pulse', status: 'open', invited: 6, answered: null, responseRate: null });
    const { tokens, mails } = await answerTokens(c, organisation.id);
    expect([...tokens.keys()].sort()).toEqual(reps.map((r) => r.email).sort());
    const german = mails.find((m) => m.recipient === reps[0]?.email);
    const english = mails.find((m) => m.recipient === reps[1]?.email);
    expect(german?.subject).toMatch(/Ihre Meinung zählt/);
    expect(english?.subject).toMatch(/your view counts/);

    const form = await c.app.inject({ method: 'GET', url: `/api/answer/${tokens.get(reps[0]?.email ?? '')}` });
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ form: 'pulse', open: true, answered: false, locale: 'de' });
    expect(form.json().itemIds).toHaveLength(12);
  });

  it('takes one submission per person: 4 answers stay hidden, the 5th shows the count; retries never count twice', async () => {
    const c = ctx();
    const { clients, salesTeam, reps, organisation } = await organisationWithTeam(c, 6);
    const opened = await openCycleFor(clients, salesTeam.id, 'pulse', 7);
    const cycleId = opened.json().id as string;
    const { tokens } = await answerTokens(c, organisation.id);
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const clientKey = `device-key-${randomUUID()}`;
      keys.push(clientKey);
      const response = await c.app.inject({
        method: 'POST',
        url: `/api/answer/${tokens.get(reps[i]?.email ?? '')}`,
        payload: { clientKey, answers: fullPulseAnswers(i) },
      });
      expect(response.statusCode, response.body).toBe(201);
      const cycle = (await clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}` })).json();
      expect(cycle.answered).toBe(i < 4 ? null : 5);
    }
    const firstToken = tokens.get(reps[0]?.email ?? '');
    const retry = await c.app.inject({
      method: 'POST',
      url: `/api/answer/${firstToken}`,
      payload: { clientKey: keys[0], answers: fullPulseAnswers(0) },
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ok: true, replayed: true });
    const second = await c.app.inject({
      method: 'POST',
      url: `/api/answer/${firstToken}`,
      payload: { clientKey: `another-device-${randomUUID()}`, answers: fullPulseAnswers(3) },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('already_answered');
    const stored = await c.database.db
      .selectFrom('survey_responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cycle_id', '=', cycleId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(5);
    const cycle = (await clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycleId}` })).json();
    expect(cycle).toMatchObject({ invited: 6, answered: 5, responseRate: 5 / 6 });
  });

  it('refuses bad answers with 400 and stores nothing; stores "can’t judge" as no answer', async () => {
    const c = ctx();
    const { clients, salesTeam, reps, organisation } = await organisationWithTeam(c, 5);
    const opened = await openCycleFor(clients, salesTeam.id, 'pulse', 7);
    const cycleId = opened.json().id as string;
    const { tokens } = await answerTokens(c, organisation.id);
    const url = `/api/answer/${tokens.get(reps[0]?.email ?? '')}`;
    const bad: Record<string, unknown>[] = [
      { NOPE1: 3 },
      { TRUST1: 6 },
      { TRUST1: 3.5 },
      { TRUST1: '4' },
      { INPS: 11 },
      { TRUST3: 4 },
    ];
    for (const answers of bad) {
      const response = await c.app.inject({ method: 'POST', url, payload: { clientKey: `k-${randomUUID()}`, answers } });
      expect(response.statusCode, JSON.stringify(answers)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const none = await c.database.db.selectFrom('survey_responses').select('id').where('cycle_id', '=', cycleId).execute();
    expect(none).toHaveLength(0);

    const ok = await c.app.inject({
      method: 'POST',
      url,
      payload: { clientKey: `k-${randomUUID()}`, answers: { TRUST1: null, TRUST2: 5 } },
    });
    expect(ok.statusCode).toBe(201);
    const answers = await c.database.db
      .selectFrom('survey_answers')
      .select(['item_id', 'value'])
      .where('cycle_id', '=', cycleId)
      .execute();
    expect(answers).toEqual([{ item_id: 'TRUST2', value: 5 }]);
  });

  it('refuses answers to a closed cycle with 409', async () => {
    const c = ctx();
    const { clients, salesTeam, reps, organisation } = await organisationWithTeam(c, 5);
    const opened = await openCycleFor(clients, salesTeam.id, 'trust_check', 7);
    const cycleId = opened.json().id as string;
    const closed = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
    expect(closed.json().status).toBe('closed');
    const { tokens } = await answerTokens(c, organisation.id);
    const response = await c.app.inject({
      method: 'POST',
      url: `/api/answer/${tokens.get(reps[0]?.email ?? '')}`,
      payload: { clientKey: `k-${randomUUID()}`, answers: { TRUST1: 4 } },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('cycle_closed');
    const again = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
    expect(again.statusCode).toBe(409);
  });

  it('invites marketers to the mirror form with a trust check', async () => {
    const c = ctx();
    const { clients, salesTeam, organisation } = await organisationWithTeam(c, 5);
    await openCycleFor(clients, salesTeam.id, 'trust_check', 7);
    const { tokens } = await answerTokens(c, organisation.id);
    const mirrorToken = tokens.get(clients.marketer.user.email);
    expect(mirrorToken).toBeDefined();
    const form = (await c.app.inject({ method: 'GET', url: `/api/answer/${mirrorToken}` })).json();
    expect(form.form).toBe('mirror');
    expect(form.itemIds).toHaveLength(24);
    expect(form.itemIds.every((id: string) => id.endsWith('_M'))).toBe(true);
  });

  it('takes answers from a signed-in rep without a CSRF token: the link, not the session, authenticates', async () => {
    const c = ctx();
    const { clients, salesTeam, reps, organisation } = await organisationWithTeam(c, 5);
    await openCycleFor(clients, salesTeam.id, 'pulse', 7);
    const { tokens } = await answerTokens(c, organisation.id);
    const rep = reps[0];
    if (!rep) throw new Error('no rep');
    const session = await signedInClient(c.app, c.database.db, rep);
    const response = await session.inject({
      method: 'POST',
      url: `/api/answer/${tokens.get(rep.email)}`,
      headers: { 'x-csrf-token': 'not-the-token' },
      payload: { clientKey: `k-${randomUUID()}`, answers: { TRUST1: 4 } },
    });
    expect(response.statusCode).toBe(201);
  });

  it('rejects an audience of unknown teams and a closing date in the past', async () => {
    const c = ctx();
    const { clients } = await organisationWithTeam(c, 5);
    const unknownTeam = await clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', audienceTeamIds: [randomUUID()], closesOn: tomorrowPlus(7) },
    });
    expect(unknownTeam.statusCode).toBe(400);
    const past = await clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', closesOn: '2020-01-01' },
    });
    expect(past.statusCode).toBe(400);
    const forbidden: Role[] = ['marketer', 'sales_lead', 'sales_rep', 'executive'];
    for (const role of forbidden) {
      const response = await clients[role].inject({
        method: 'POST',
        url: '/api/survey-cycles',
        payload: { form: 'pulse', closesOn: tomorrowPlus(7) },
      });
      expect(response.statusCode, role).toBe(403);
    }
  });

  it('keeps responses unjoinable: no person, invitation or time in a response row, and ids not ordered by time', async () => {
    const c = ctx();
    const { clients, salesTeam, reps, organisation } = await organisationWithTeam(c, 12);
    const opened = await openCycleFor(clients, salesTeam.id, 'pulse', 7);
    const cycleId = opened.json().id as string;
    const { tokens } = await answerTokens(c, organisation.id);
    for (const [i, rep] of reps.entries()) {
      await c.app.inject({
        method: 'POST',
        url: `/api/answer/${tokens.get(rep.email)}`,
        payload: { clientKey: `k-${randomUUID()}`, answers: fullPulseAnswers(i) },
      });
    }
    const rows = await c.database.db.selectFrom('survey_responses').selectAll().where('cycle_id', '=', cycleId).execute();
    expect(rows).toHaveLength(12);
    const columns = Object.keys(rows[0] ?? {}).sort();
    expect(columns).toEqual([
      'client_key_hash',
      'cycle_id',
      'form',
      'id',
      'organisation_id',
      'region',
      // The release epoch: one number shared by the answers counted together, no time (decision 0013).
      'release_epoch',
      'role',
      'team_id',
      'tenure_band',
    ]);
    const invitationColumns = Object.keys(
      (await c.database.db
        .selectFrom('survey_invitations')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .executeTakeFirstOrThrow()) ?? {},
    );
    const shared = columns.filter((column) => invitationColumns.includes(column));
    expect(shared.sort()).toEqual(['cycle_id', 'form', 'id', 'organisation_id']);
    const invitationIds = new Set(
      (await c.database.db.selectFrom('survey_invitations').select('id').where('cycle_id', '=', cycleId).execute()).map(
        (r) => r.id,
      ),
    );
    expect(rows.some((row) => invitationIds.has(row.id))).toBe(false);
    for (const row of rows) expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
