import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { createOrganisationWithRoles, createTeam, createUser, signedInClient, type TestUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { openDueScheduledCycles } from '../surveys/cycles.service.js';

const DAY = 86_400_000;
const dayIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function organisationWithReps(c: TestContext, size: number) {
  const org = await createOrganisationWithRoles(c.app, c.database.db);
  const team = await createTeam(c.database.db, org.organisation.id, { region: 'Nord' });
  const reps = [];
  for (let i = 0; i < size; i++) {
    reps.push(await createUser(c.database.db, org.organisation.id, { role: 'sales_rep', teamId: team.id, locale: 'en' }));
  }
  return { ...org, salesTeam: team, reps };
}

async function notificationsOf(c: TestContext, organisationId: string) {
  return c.database.db
    .selectFrom('notifications')
    .select(['user_id', 'kind', 'payload'])
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** Every answering token mailed in the organisation, with its recipient. */
async function mailedTokens(c: TestContext, organisationId: string) {
  const mails = await c.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'subject', 'body_text'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return mails.flatMap((mail) => {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    return token ? [{ recipient: mail.recipient, token, reminder: /^(Erinnerung|Reminder)/.test(mail.subject) }] : [];
  });
}

function pulseAnswers() {
  const answers: Record<string, unknown> = {};
  for (const item of pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)))) {
    if (item.kind === 'likert') answers[item.id] = 4;
    else if (item.kind === 'nps') answers[item.id] = 8;
    else answers[item.id] = '';
  }
  return answers;
}

describeEachDialect('survey invitations and reminders in the app', (ctx) => {
  it('tells every invitee in the app, with no answering link, and leads to their own surveys', async () => {
    const c = ctx();
    const org = await organisationWithReps(c, 5);
    const opened = await org.clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'trust_check', withMirror: true, audienceTeamIds: [org.salesTeam.id], closesOn: dayIn(7) },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const cycle = opened.json();

    const invitations = await c.database.db
      .selectFrom('survey_invitations')
      .select('user_id')
      .where('cycle_id', '=', cycle.id)
      .execute();
    const rows = await notificationsOf(c, org.organisation.id);
    // Exactly the invited people (reps of the team, marketers for the mirror), once each.
    expect(rows.map((row) => row.user_id).sort()).toEqual(invitations.map((row) => row.user_id).sort());
    expect(rows.every((row) => row.kind === 'survey_invited')).toBe(true);
    expect(rows.map((row) => row.user_id)).toContain(org.clients.marketer.user.id);
    expect(rows.map((row) => row.user_id)).not.toContain(org.clients.executive.user.id);
    const payloads = rows.map((row) => JSON.parse(row.payload));
    for (const payload of payloads) {
      expect(payload).toEqual({ cycleId: cycle.id, form: 'trust_check', title: null, opensOn: dayIn(0), closesOn: dayIn(7) });
    }
    // No personal link in any row.
    const tokens = await mailedTokens(c, org.organisation.id);
    expect(tokens.length).toBe(invitations.length);
    for (const { token } of tokens) for (const row of rows) expect(row.payload).not.toContain(token);

    // The rep reads it in the app like any other notification.
    const rep = await signedInClient(c.app, c.database.db, org.reps[0] as TestUser);
    const listed = await rep.inject({ method: 'GET', url: '/api/notifications' });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      unreadCount: 1,
      items: [{ kind: 'survey_invited', readAt: null, payload: { cycleId: cycle.id, closesOn: dayIn(7) } }],
    });
    const id = listed.json().items[0].id as string;
    const read = await rep.inject({ method: 'POST', url: `/api/notifications/${id}/read` });
    expect(read.statusCode, read.body).toBe(200);
    // Survey notifications are not among the kinds one can switch off: the invitation goes out anyway.
    const preferences = await rep.inject({ method: 'GET', url: '/api/notifications/preferences' });
    expect(preferences.json().map((p: { kind: string }) => p.kind)).not.toContain('survey_invited');
  });

  it('tells a scheduled cycle’s invitees when it opens, not before', async () => {
    const c = ctx();
    const org = await organisationWithReps(c, 5);
    const scheduled = await org.clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', audienceTeamIds: [org.salesTeam.id], opensOn: dayIn(2), closesOn: dayIn(9) },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    expect(await notificationsOf(c, org.organisation.id)).toEqual([]);
    const opened = await openDueScheduledCycles(c.deps, new Date(`${dayIn(2)}T06:00:00Z`), {
      organisationIds: [org.organisation.id],
    });
    expect(opened).toBe(1);
    const rows = await notificationsOf(c, org.organisation.id);
    expect(rows.map((row) => row.user_id).sort()).toEqual(org.reps.map((rep) => rep.id).sort());
    expect(rows.map((row) => JSON.parse(row.payload))).toEqual(
      org.reps.map(() => ({ cycleId: scheduled.json().id, form: 'pulse', title: null, opensOn: dayIn(2), closesOn: dayIn(9) })),
    );
  });

  it('tells exactly those a reminder mail goes to, and nobody who has answered', async () => {
    const c = ctx();
    const org = await organisationWithReps(c, 7);
    const opened = await org.clients.marketing_lead.inject({
      method: 'POST',
      url: '/api/survey-cycles',
      payload: { form: 'pulse', title: 'Frühjahr', audienceTeamIds: [org.salesTeam.id], closesOn: dayIn(7) },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const cycleId = opened.json().id as string;
    const tokens = await mailedTokens(c, org.organisation.id);
    const answering = org.reps.slice(0, 3);
    for (const rep of answering) {
      const token = tokens.find((t) => t.recipient === rep.email)?.token;
      const response = await c.app.inject({
        method: 'POST',
        url: `/api/answer/${token}`,
        payload: { clientKey: `key-${randomUUID()}`, answers: pulseAnswers() },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const remind = await org.clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/reminders` });
    expect(remind.statusCode, remind.body).toBe(200);

    const reminders = (await notificationsOf(c, org.organisation.id)).filter((row) => row.kind === 'survey_reminded');
    const remindedByMail = (await mailedTokens(c, org.organisation.id)).filter((t) => t.reminder);
    const emailOf = new Map(org.reps.map((rep) => [rep.id, rep.email]));
    expect(reminders.map((row) => emailOf.get(row.user_id)).sort()).toEqual(remindedByMail.map((t) => t.recipient).sort());
    expect(reminders.map((row) => row.user_id).sort()).toEqual(
      org.reps
        .slice(3)
        .map((rep) => rep.id)
        .sort(),
    );
    for (const row of reminders) {
      expect(JSON.parse(row.payload)).toEqual({
        cycleId,
        form: 'pulse',
        title: 'Frühjahr',
        opensOn: dayIn(0),
        closesOn: dayIn(7),
      });
      for (const { token } of remindedByMail) expect(row.payload).not.toContain(token);
    }
  });
});
