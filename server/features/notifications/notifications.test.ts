import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Role } from '../../../common/roles.js';
import type { Tables } from '../../db/tables.js';
import { type Client, createOrganisation, createTeam, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

async function organisation(app: FastifyInstance, db: Kysely<Tables>) {
  const org = await createOrganisation(db);
  const team = await createTeam(db, org.id);
  const client = async (role: Role, teamId: string | null = null, locale: 'de' | 'en' = 'de') =>
    signedInClient(app, db, await createUser(db, org.id, { role, teamId, locale }));
  return {
    org,
    rep: await client('sales_rep', team.id),
    salesLead: await client('sales_lead', team.id),
    marketer: await client('marketer', null, 'en'),
    marketingLead: await client('marketing_lead'),
    admin: await client('admin'),
  };
}

async function fileRequest(c: Client) {
  const types = (await c.inject({ method: 'GET', url: '/api/request-types' })).json() as { id: string }[];
  const response = await c.inject({
    method: 'POST',
    url: '/api/requests',
    payload: { typeId: types[0]?.id, title: 'Battle card' },
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: number; version: number };
}

async function etagOf(c: Client, id: string) {
  return (await c.inject({ method: 'GET', url: `/api/requests/${id}` })).headers.etag as string;
}

interface Listed {
  items: { id: string; kind: string; payload: Record<string, unknown>; readAt: string | null }[];
  total: number;
  unreadCount: number;
}
const list = async (c: Client, query = '') =>
  (await c.inject({ method: 'GET', url: `/api/notifications${query}` })).json() as Listed;
const kinds = async (c: Client) => (await list(c)).items.map((i) => i.kind);

async function mailsTo(db: Kysely<Tables>, c: Client) {
  return db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('recipient', '=', c.user.email).execute();
}

describeEachDialect('notifications', (ctx) => {
  it('tells the right people about filing, assignment, status changes and comments', async () => {
    const { app, database } = ctx();
    const db = database.db;
    const p = await organisation(app, db);
    const request = await fileRequest(p.rep);

    // Filing: all of marketing, in the app only (no mail by default).
    expect(await kinds(p.marketer)).toEqual(['request_created']);
    expect(await kinds(p.marketingLead)).toEqual(['request_created']);
    expect(await kinds(p.rep)).toEqual([]);
    expect(await kinds(p.admin)).toEqual([]);
    expect(await mailsTo(db, p.marketer)).toEqual([]);

    // Assignment: the assignee, in the app and by mail in their language.
    const assigned = await p.marketingLead.inject({
      method: 'PATCH',
      url: `/api/requests/${request.id}/assignment`,
      headers: { 'if-match': await etagOf(p.marketingLead, request.id) },
      payload: { assigneeId: p.marketer.user.id },
    });
    expect(assigned.statusCode).toBe(200);
    expect(await kinds(p.marketer)).toEqual(['request_assigned', 'request_created']);
    const assignMails = await mailsTo(db, p.marketer);
    expect(assignMails).toHaveLength(1);
    expect(assignMails[0]?.subject).toBe(`Tandem: Request #${request.number} “Battle card” is assigned to you`);

    // Status change by the assignee: the requester (a watcher) hears of it, the actor does not.
    await p.salesLead.inject({ method: 'POST', url: `/api/requests/${request.id}/watchers/me` });
    await p.marketingLead.inject({ method: 'POST', url: `/api/requests/${request.id}/watchers/me` });
    const moved = await p.marketer.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/transitions`,
      headers: { 'if-match': await etagOf(p.marketer, request.id) },
      payload: { to: 'accepted' },
    });
    expect(moved.statusCode).toBe(200);
    const repList = await list(p.rep);
    expect(repList.items.map((i) => i.kind)).toEqual(['request_status_changed']);
    expect(repList.items[0]?.payload).toMatchObject({
      requestId: request.id,
      number: request.number,
      title: 'Battle card',
      from: 'new',
      to: 'accepted',
      actorName: p.marketer.user.name,
    });
    expect((await mailsTo(db, p.rep))[0]?.subject).toBe(`Tandem: Anfrage #${request.number} „Battle card“: Angenommen`);
    expect(await kinds(p.salesLead)).toEqual(['request_status_changed']);
    expect((await kinds(p.marketer)).filter((k) => k === 'request_status_changed')).toEqual([]);

    // An internal note reaches marketing only: never the requester or a watching sales lead.
    const note = await p.marketer.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/comments`,
      payload: { body: 'Margin is thin here', visibility: 'internal' },
    });
    expect(note.statusCode).toBe(201);
    expect(await kinds(p.marketingLead)).toContain('request_commented');
    expect(await kinds(p.rep)).not.toContain('request_commented');
    expect(await kinds(p.salesLead)).not.toContain('request_commented');
    expect(await kinds(p.marketer)).not.toContain('request_commented');

    // A public comment by the requester reaches the assignee and the watchers, not the author.
    await p.rep.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/comments`,
      payload: { body: 'Any news?', visibility: 'public' },
    });
    expect(await kinds(p.marketer)).toContain('request_commented');
    expect(await kinds(p.salesLead)).toContain('request_commented');
    expect(await kinds(p.rep)).not.toContain('request_commented');
    // Comments do not mail by default.
    expect(await mailsTo(db, p.salesLead)).toHaveLength(1);
  });

  it('lists only the own notifications, pages them, and marks them read', async () => {
    const { app, database } = ctx();
    const p = await organisation(app, database.db);
    await fileRequest(p.rep);
    await fileRequest(p.rep);
    await fileRequest(p.rep);

    const first = await list(p.marketer, '?pageSize=2');
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(3);
    expect(first.unreadCount).toBe(3);

    const [one] = first.items;
    if (!one) throw new Error('no notification');
    // Someone else's notification does not exist for you.
    const foreign = await p.marketingLead.inject({ method: 'POST', url: `/api/notifications/${one.id}/read` });
    expect(foreign.statusCode).toBe(404);

    const read = await p.marketer.inject({ method: 'POST', url: `/api/notifications/${one.id}/read` });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toEqual(expect.any(String));
    expect((await list(p.marketer)).unreadCount).toBe(2);
    expect((await list(p.marketer, '?unread=true')).total).toBe(2);
    expect((await list(p.marketingLead)).unreadCount).toBe(3);

    const all = await p.marketer.inject({ method: 'POST', url: '/api/notifications/read-all' });
    expect(all.json()).toEqual({ updated: 2, unreadCount: 0 });
    expect((await list(p.marketingLead)).unreadCount).toBe(3);
  });

  it('honours preferences per kind and channel', async () => {
    const { app, database } = ctx();
    const db = database.db;
    const p = await organisation(app, db);

    const defaults = await p.rep.inject({ method: 'GET', url: '/api/notifications/preferences' });
    expect(defaults.json()).toContainEqual({ kind: 'request_status_changed', inApp: true, email: true });
    expect(defaults.json()).toContainEqual({ kind: 'request_created', inApp: true, email: false });

    const saved = await p.rep.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { preferences: [{ kind: 'request_status_changed', inApp: false, email: false }] },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toContainEqual({ kind: 'request_status_changed', inApp: false, email: false });
    const changedMarketer = await p.marketer.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { preferences: [{ kind: 'request_created', inApp: true, email: true }] },
    });
    expect(changedMarketer.statusCode).toBe(200);
    const bad = await p.rep.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { preferences: [{ kind: 'everything', inApp: true, email: true }] },
    });
    expect(bad.statusCode).toBe(400);

    const request = await fileRequest(p.rep);
    expect((await mailsTo(db, p.marketer))[0]?.subject).toBe(`Tandem: New request #${request.number} “Battle card”`);
    expect(await mailsTo(db, p.marketingLead)).toEqual([]);

    await p.marketer.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/transitions`,
      headers: { 'if-match': await etagOf(p.marketer, request.id) },
      payload: { to: 'accepted' },
    });
    expect(await kinds(p.rep)).toEqual([]);
    expect(await mailsTo(db, p.rep)).toEqual([]);
  });
});
