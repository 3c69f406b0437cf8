import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createOrganisationWithRoles, createTeam, createUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { openDueScheduledCycles } from './cycles.service.js';
import { listDueScheduledCycles, markScheduledCycleOpen } from './surveys.repository.js';

const DAY = 86_400_000;
const dayIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** Noon UTC of the day `days` from today: the job's clock on the opening day. */
const noonIn = (days: number) => new Date(`${dayIn(days)}T12:00:00Z`);

/** An organisation with one sales team of `size` reps; only this team is asked. */
async function organisationWithTeam(ctx: TestContext, size: number) {
  const { app, database } = ctx;
  const org = await createOrganisationWithRoles(app, database.db);
  const team = await createTeam(database.db, org.organisation.id, {
    name: `Vertrieb ${randomUUID().slice(0, 6)}`,
    region: 'Nord',
  });
  const reps = [];
  for (let i = 0; i < size; i++) {
    reps.push(
      await createUser(database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id, locale: i % 2 ? 'en' : 'de' }),
    );
  }
  return { ...org, salesTeam: team, reps, scope: { organisationIds: [org.organisation.id] } };
}

type Org = Awaited<ReturnType<typeof organisationWithTeam>>;

function schedule(org: Org, payload: Record<string, unknown> = {}) {
  return org.clients.marketing_lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: [org.salesTeam.id], opensOn: dayIn(10), closesOn: dayIn(20), ...payload },
  });
}

async function invitationsOf(ctx: TestContext, cycleId: string) {
  return ctx.database.db
    .selectFrom('survey_invitations')
    .select(['user_id', 'form', 'atom_team_id'])
    .where('cycle_id', '=', cycleId)
    .execute();
}

async function mailsTo(ctx: TestContext, organisationId: string) {
  const rows = await ctx.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'subject', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows;
}

describeEachDialect('scheduled survey cycles', (ctx) => {
  it('stores a cycle with a later opening day as scheduled and invites nobody yet', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 5);
    const created = await schedule(org);
    expect(created.statusCode).toBe(201);
    const cycle = created.json();
    expect(cycle).toMatchObject({ status: 'scheduled', opensOn: dayIn(10), closesOn: dayIn(20), invited: 0 });
    expect(await invitationsOf(c, cycle.id)).toEqual([]);
    expect(await mailsTo(c, org.organisation.id)).toEqual([]);

    const listed = await org.clients.sales_lead.inject({ method: 'GET', url: '/api/survey-cycles' });
    expect(listed.json().items.map((item: { id: string; status: string }) => [item.id, item.status])).toEqual([
      [cycle.id, 'scheduled'],
    ]);
    const audit = await c.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', org.organisation.id)
      .where('target_id', '=', cycle.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['survey.cycle_scheduled']);

    // Today (explicitly or by default) still opens at once.
    const now = await schedule(org, { opensOn: dayIn(0) });
    expect(now.json()).toMatchObject({ status: 'open', invited: 5, opensOn: dayIn(0) });
  });

  it('refuses opening days in the past or more than a year ahead, and closing days not after opening', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 3);
    const cases: [Record<string, unknown>, string][] = [
      [{ opensOn: dayIn(-1) }, 'opens_on_in_past'],
      [{ opensOn: dayIn(367), closesOn: dayIn(380) }, 'opens_on_too_far'],
      [{ opensOn: dayIn(10), closesOn: dayIn(10) }, 'closes_on_not_after_opening'],
      [{ opensOn: dayIn(10), closesOn: dayIn(5) }, 'closes_on_not_after_opening'],
      [{ opensOn: undefined, closesOn: dayIn(0) }, 'closes_on_not_after_opening'],
      [{ opensOn: '2026-13-01' }, 'validation_failed'],
    ];
    for (const [payload, code] of cases) {
      const response = await schedule(org, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code, JSON.stringify(payload)).toBe(code);
    }
    // The last day allowed is accepted.
    expect((await schedule(org, { opensOn: dayIn(366), closesOn: dayIn(380) })).json().status).toBe('scheduled');
    const unknownTeam = await schedule(org, { audienceTeamIds: [randomUUID()] });
    expect(unknownTeam.statusCode).toBe(400);
    const stored = await c.database.db
      .selectFrom('survey_cycles')
      .select('id')
      .where('organisation_id', '=', org.organisation.id)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('opens a due cycle once, even when two runs race, inviting the people of the opening day', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 5);
    const cycle = (await schedule(org)).json();

    // Between scheduling and opening: one rep leaves, one joins, one moves to another team.
    const [leaving, moving] = org.reps;
    if (!leaving || !moving) throw new Error('five reps');
    const otherTeam = await createTeam(c.database.db, org.organisation.id, { name: `Andere ${randomUUID().slice(0, 6)}` });
    await c.database.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', leaving.id).execute();
    await c.database.db.updateTable('users').set({ team_id: otherTeam.id }).where('id', '=', moving.id).execute();
    const joining = await createUser(c.database.db, org.organisation.id, {
      role: 'sales_rep',
      teamId: org.salesTeam.id,
      locale: 'en',
    });
    // The privacy minimum of the opening day applies, not the one of the scheduling day.
    await c.database.db
      .insertInto('privacy_settings')
      .values({
        organisation_id: org.organisation.id,
        min_group_size: 3,
        min_comment_group_size: 10,
        breakdown_attributes: '["team"]',
      })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ min_group_size: 3 }))
      .execute();

    expect(await openDueScheduledCycles(c.deps, noonIn(9), org.scope)).toBe(0);
    const [first, second] = await Promise.all([
      openDueScheduledCycles(c.deps, noonIn(10), org.scope),
      openDueScheduledCycles(c.deps, noonIn(10), org.scope),
    ]);
    expect(first + second).toBe(1);
    expect(await openDueScheduledCycles(c.deps, noonIn(11), org.scope)).toBe(0);

    const expected = [...org.reps.slice(2).map((r) => r.id), joining.id].sort();
    const invitations = await invitationsOf(c, cycle.id);
    expect(invitations.map((i) => i.user_id).sort()).toEqual(expected);
    expect(new Set(invitations.map((i) => i.atom_team_id))).toEqual(new Set([org.salesTeam.id]));
    const mails = await mailsTo(c, org.organisation.id);
    expect(mails).toHaveLength(4);
    expect(mails.find((m) => m.recipient === joining.email)?.subject).toMatch(/your view counts/);

    const opened = await org.clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycle.id}` });
    expect(opened.json()).toMatchObject({ status: 'open', invited: 4, version: cycle.version + 1 });
    const row = await c.database.db
      .selectFrom('survey_cycles')
      .select(['min_group_size'])
      .where('id', '=', cycle.id)
      .executeTakeFirstOrThrow();
    expect(row.min_group_size).toBe(3);
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mails[0]?.body_text ?? '')?.[1];
    const form = await c.app.inject({ method: 'GET', url: `/api/answer/${token}` });
    expect(form.json()).toMatchObject({ open: true, answered: false });
  });

  it('lets managers change a scheduled cycle with If-Match, and refuses changes once it has opened', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 3);
    const cycle = (await schedule(org)).json();
    expect(cycle.title).toBeNull();
    const patch = (payload: object, ifMatch?: string, client = org.clients.marketing_lead) =>
      client.inject({
        method: 'PATCH',
        url: `/api/survey-cycles/${cycle.id}`,
        payload,
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
      });
    expect((await patch({ opensOn: dayIn(40), closesOn: dayIn(50) })).statusCode).toBe(428);
    expect((await patch({ opensOn: dayIn(40) }, '"1"', org.clients.sales_lead)).statusCode).toBe(403);
    const tooEarly = await patch({ opensOn: dayIn(-2) }, `"${cycle.version}"`);
    expect(tooEarly.json().error.code).toBe('opens_on_in_past');
    // Moving the opening day past the old closing day needs a new closing day too.
    expect((await patch({ opensOn: dayIn(40) }, `"${cycle.version}"`)).json().error.code).toBe('closes_on_not_after_opening');

    const changed = await patch({ opensOn: dayIn(40), closesOn: dayIn(50) }, `"${cycle.version}"`);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe(`"${cycle.version + 1}"`);
    expect(changed.json()).toMatchObject({
      status: 'scheduled',
      opensOn: dayIn(40),
      closesOn: dayIn(50),
      title: null,
      version: cycle.version + 1,
    });
    expect((await patch({ title: 'Stale' }, `"${cycle.version}"`)).statusCode).toBe(412);
    const renamed = await patch({ title: 'Frühjahrspuls', audienceTeamIds: [] }, `"${cycle.version + 1}"`);
    expect(renamed.json()).toMatchObject({ title: 'Frühjahrspuls', audienceTeamIds: [] });
    const unnamed = await patch({ title: null, audienceTeamIds: [org.salesTeam.id] }, `"${cycle.version + 2}"`);
    expect(unnamed.json()).toMatchObject({ title: null, audienceTeamIds: [org.salesTeam.id] });

    await openDueScheduledCycles(c.deps, noonIn(40), org.scope);
    const afterOpening = await patch({ title: 'Too late' }, `"${cycle.version + 4}"`);
    expect(afterOpening.statusCode).toBe(409);
    expect(afterOpening.json().error.code).toBe('cycle_not_scheduled');
    const cancelOpened = await org.clients.marketing_lead.inject({ method: 'DELETE', url: `/api/survey-cycles/${cycle.id}` });
    expect(cancelOpened.statusCode).toBe(409);
    expect(cancelOpened.json().error.code).toBe('cycle_not_scheduled');
  });

  it('refuses a new audience nobody in can be asked, or with a team of another organisation, and keeps the cycle', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 2);
    const stranger = await organisationWithTeam(c, 1);
    const emptyTeam = await createTeam(c.database.db, org.organisation.id, { name: `Leer ${randomUUID().slice(0, 6)}` });
    const cycle = (await schedule(org)).json();
    const patch = (payload: object) =>
      org.clients.marketing_lead.inject({
        method: 'PATCH',
        url: `/api/survey-cycles/${cycle.id}`,
        payload,
        headers: { 'if-match': `"${cycle.version}"` },
      });
    const nobody = await patch({ audienceTeamIds: [emptyTeam.id], opensOn: dayIn(12) });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'audienceTeamIds', message: 'nobody to ask' }],
    });
    const foreign = await patch({ audienceTeamIds: [stranger.salesTeam.id] });
    expect(foreign.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'audienceTeamIds', message: 'unknown team' }],
    });
    const unchanged = (await org.clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycle.id}` })).json();
    expect(unchanged).toMatchObject({ version: cycle.version, opensOn: dayIn(10), audienceTeamIds: [org.salesTeam.id] });
    // Teams with people in them are taken, together with the empty one.
    const both = await patch({ audienceTeamIds: [emptyTeam.id, org.salesTeam.id] });
    expect(both.statusCode).toBe(200);
    expect(both.json().audienceTeamIds).toEqual([emptyTeam.id, org.salesTeam.id]);
  });

  it('does not open a cycle from what it was before a change made while the job prepared it', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 3);
    const cycle = (await schedule(org)).json();
    // The job reads the due cycle (and prepares its invitations from this row) ...
    const [due] = await listDueScheduledCycles(c.database.db, dayIn(10), [org.organisation.id]);
    expect(due?.id).toBe(cycle.id);
    // ... while a manager moves it to a later month ...
    const moved = await org.clients.marketing_lead.inject({
      method: 'PATCH',
      url: `/api/survey-cycles/${cycle.id}`,
      payload: { opensOn: dayIn(30), closesOn: dayIn(40) },
      headers: { 'if-match': `"${cycle.version}"` },
    });
    expect(moved.statusCode).toBe(200);
    // ... so the job's claim at the version it read fails, and nobody is invited from the old plan.
    const claimed = await c.database.db.transaction().execute((trx) =>
      markScheduledCycleOpen(trx, org.organisation.id, cycle.id, due?.version ?? -1, {
        min_group_size: 5,
        min_comment_group_size: 10,
        breakdown_attributes: '["team"]',
      }),
    );
    expect(claimed).toBe(false);
    const after = (await org.clients.marketing_lead.inject({ method: 'GET', url: `/api/survey-cycles/${cycle.id}` })).json();
    expect(after).toMatchObject({ status: 'scheduled', opensOn: dayIn(30), invited: 0 });
    expect(await openDueScheduledCycles(c.deps, noonIn(10), org.scope)).toBe(0);
    expect(await openDueScheduledCycles(c.deps, noonIn(30), org.scope)).toBe(1);
    expect(await invitationsOf(c, cycle.id)).toHaveLength(3);
  });

  it('cancels a scheduled cycle, which then never opens; other organisations cannot see or cancel it', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 3);
    const stranger = await organisationWithTeam(c, 1);
    const cycle = (await schedule(org)).json();
    const url = `/api/survey-cycles/${cycle.id}`;
    expect((await stranger.clients.marketing_lead.inject({ method: 'DELETE', url })).statusCode).toBe(404);
    expect(
      (
        await stranger.clients.marketing_lead.inject({
          method: 'PATCH',
          url,
          payload: { title: 'x' },
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await org.clients.sales_rep.inject({ method: 'DELETE', url })).statusCode).toBe(403);
    expect((await org.clients.marketing_lead.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await org.clients.marketing_lead.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect((await org.clients.marketing_lead.inject({ method: 'DELETE', url })).statusCode).toBe(404);
    expect(await openDueScheduledCycles(c.deps, noonIn(10), org.scope)).toBe(0);
    expect(await invitationsOf(c, cycle.id)).toEqual([]);
  });

  it('names a cycle without a title in each reader’s language: mails, answering page, and none stored', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 2);
    const cycle = (await schedule(org, { form: 'trust_check', opensOn: dayIn(3), closesOn: dayIn(20) })).json();
    expect(cycle.title).toBeNull();
    await openDueScheduledCycles(c.deps, noonIn(3), org.scope);
    const month = (locale: string) =>
      new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${dayIn(3).slice(0, 7)}-01T12:00:00Z`),
      );
    const mails = await mailsTo(c, org.organisation.id);
    const [german, english] = org.reps;
    const germanMail = mails.find((m) => m.recipient === german?.email);
    const englishMail = mails.find((m) => m.recipient === english?.email);
    expect(germanMail?.subject).toBe(`Vertrauenscheck ${month('de')}: Ihre Meinung zählt`);
    expect(englishMail?.subject).toBe(`Trust check ${month('en')}: your view counts`);
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(englishMail?.body_text ?? '')?.[1];
    const form = await c.app.inject({ method: 'GET', url: `/api/answer/${token}` });
    expect(form.json().cycleTitle).toBe(`Trust check ${month('en')}`);
    const row = await c.database.db
      .selectFrom('survey_cycles')
      .select('title')
      .where('id', '=', cycle.id)
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('');
  });

  it('has no results, comments, reminders or closing before it opens, and cannot be answered', async () => {
    const c = ctx();
    const org = await organisationWithTeam(c, 5);
    const cycle = (await schedule(org)).json();
    for (const [method, path] of [
      ['GET', 'results'],
      ['GET', 'comments'],
      ['POST', 'reminders'],
      ['POST', 'close'],
    ] as const) {
      const response = await org.clients.marketing_lead.inject({ method, url: `/api/survey-cycles/${cycle.id}/${path}` });
      expect(response.statusCode, path).toBe(409);
      expect(response.json().error.code, path).toBe('cycle_not_open');
    }
    // Nobody holds a link before the opening day: there is nothing to answer with.
    expect(await mailsTo(c, org.organisation.id)).toEqual([]);
    expect(await invitationsOf(c, cycle.id)).toEqual([]);
  });
});
