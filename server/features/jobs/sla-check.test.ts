import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Tables } from '../../db/tables.js';
import { createOrganisation, createRequest, createUser } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { runSlaCheck } from './sla-check.job.js';

// Far in the future: the real SLA check of a server running against the shared test database never
// reaches these requests, and the ones of other tests are outside the organisation scope below.
const at = (hour: number) => new Date(Date.UTC(2099, 0, 5, hour));

async function setSchedule(db: Kysely<Tables>, id: string, atRisk: Date, due: Date) {
  await db
    .updateTable('requests')
    .set({ resolution_at_risk_at: atRisk.toISOString(), resolution_due_at: due.toISOString() })
    .where('id', '=', id)
    .execute();
}

async function notificationsOf(db: Kysely<Tables>, userId: string) {
  const rows = await db
    .selectFrom('notifications')
    .select(['kind', 'payload'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

describeEachDialect('sla check job', (ctx) => {
  it('announces at-risk and breached once each, to the assignee or else the marketing leads', async () => {
    const { deps, database } = ctx();
    const db = database.db;
    const org = await createOrganisation(db);
    const scope = { organisationIds: [org.id] };
    const rep = await createUser(db, org.id, { role: 'sales_rep' });
    const marketer = await createUser(db, org.id, { role: 'marketer', locale: 'en' });
    const lead = await createUser(db, org.id, { role: 'marketing_lead' });
    const otherMarketer = await createUser(db, org.id, { role: 'marketer' });

    const assigned = await createRequest(db, org.id, {
      requesterId: rep.id,
      assigneeId: marketer.id,
      status: 'in_progress',
      title: 'Pricing sheet',
    });
    const unassigned = await createRequest(db, org.id, { requesterId: rep.id, status: 'new' });
    const delivered = await createRequest(db, org.id, { requesterId: rep.id, assigneeId: marketer.id, status: 'delivered' });
    for (const r of [assigned, unassigned, delivered]) await setSchedule(db, r.id, at(9), at(12));

    expect(await runSlaCheck(deps, at(8), scope)).toBe(0);
    expect(await runSlaCheck(deps, at(10), scope)).toBe(2);
    expect(await runSlaCheck(deps, at(11), scope)).toBe(0);
    expect(await notificationsOf(db, marketer.id)).toEqual([
      { kind: 'sla_at_risk', payload: expect.objectContaining({ requestId: assigned.id, number: assigned.number }) },
    ]);
    expect(await notificationsOf(db, lead.id)).toEqual([
      { kind: 'sla_at_risk', payload: expect.objectContaining({ requestId: unassigned.id }) },
    ]);
    expect(await notificationsOf(db, otherMarketer.id)).toEqual([]);
    expect(await notificationsOf(db, rep.id)).toEqual([]);

    expect(await runSlaCheck(deps, at(12), scope)).toBe(2);
    expect(await runSlaCheck(deps, at(13), scope)).toBe(0);
    expect((await notificationsOf(db, marketer.id)).map((n) => n.kind)).toEqual(['sla_at_risk', 'sla_breached']);
    expect((await notificationsOf(db, lead.id)).map((n) => n.kind)).toEqual(['sla_at_risk', 'sla_breached']);

    // SLA warnings mail by default, in the recipient's language.
    const mails = await db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('recipient', '=', marketer.email)
      .orderBy('created_at')
      .execute();
    expect(mails.map((m) => m.subject)).toEqual([
      `Tandem: SLA at risk: #${assigned.number} “Pricing sheet”`,
      `Tandem: SLA breached: #${assigned.number} “Pricing sheet”`,
    ]);
    const marks = await db
      .selectFrom('requests')
      .select(['sla_at_risk_notified_at', 'sla_breached_notified_at'])
      .where('id', '=', assigned.id)
      .executeTakeFirstOrThrow();
    expect(marks).toEqual({ sla_at_risk_notified_at: at(10).toISOString(), sla_breached_notified_at: at(12).toISOString() });
  });

  it('announces only the breach when the at-risk moment was missed, and skips an inactive assignee', async () => {
    const { deps, database } = ctx();
    const db = database.db;
    const org = await createOrganisation(db);
    const rep = await createUser(db, org.id, { role: 'sales_rep' });
    const gone = await createUser(db, org.id, { role: 'marketer', status: 'deactivated' });
    const lead = await createUser(db, org.id, { role: 'marketing_lead' });
    const request = await createRequest(db, org.id, { requesterId: rep.id, assigneeId: gone.id, status: 'accepted' });
    await setSchedule(db, request.id, at(9), at(12));

    expect(await runSlaCheck(deps, at(14), { organisationIds: [org.id] })).toBe(1);
    expect((await notificationsOf(db, lead.id)).map((n) => n.kind)).toEqual(['sla_breached']);
    expect(await notificationsOf(db, gone.id)).toEqual([]);
    expect(await runSlaCheck(deps, at(15), { organisationIds: [org.id] })).toBe(0);
  });
});
