import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Role } from '../../../common/roles.js';
import type { Tables } from '../../db/tables.js';
import {
  type Client,
  createAccount,
  createOrganisation,
  createRequest,
  createTeam,
  createUser,
  signedInClient,
} from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

/** Two sales teams, a second rep in team A, a lead of team A, and marketing, executive and admin. */
async function portal(app: FastifyInstance, db: Kysely<Tables>) {
  const organisation = await createOrganisation(db);
  const teamA = await createTeam(db, organisation.id);
  const teamB = await createTeam(db, organisation.id);
  const marketingTeam = await createTeam(db, organisation.id, { kind: 'marketing' });
  const client = async (role: Role, teamId: string | null = null) =>
    signedInClient(app, db, await createUser(db, organisation.id, { role, teamId }));
  const clients = {
    repA: await client('sales_rep', teamA.id),
    repA2: await client('sales_rep', teamA.id),
    repB: await client('sales_rep', teamB.id),
    leadA: await client('sales_lead', teamA.id),
    leadB: await client('sales_lead', teamB.id),
    marketer: await client('marketer', marketingTeam.id),
    marketingLead: await client('marketing_lead', marketingTeam.id),
    executive: await client('executive'),
    admin: await client('admin'),
  };
  return { organisation, teamA, teamB, clients };
}

async function typeIdOf(c: Client, key = 'collateral') {
  const types = (await c.inject({ method: 'GET', url: '/api/request-types' })).json() as { id: string; key: string }[];
  const found = types.find((t) => t.key === key);
  if (!found) throw new Error(`no type ${key}`);
  return found.id;
}

async function file(c: Client, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const typeId = body.typeId ?? (await typeIdOf(c));
  return c.inject({ method: 'POST', url: '/api/requests', headers, payload: { typeId, title: 'Battle card for Acme', ...body } });
}

async function move(c: Client, id: string, to: string, reason?: string) {
  const current = await c.inject({ method: 'GET', url: `/api/requests/${id}` });
  return c.inject({
    method: 'POST',
    url: `/api/requests/${id}/transitions`,
    headers: { 'if-match': current.headers.etag as string },
    payload: reason ? { to, reason } : { to },
  });
}

const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();

describeEachDialect('requests', (ctx) => {
  it('lists the eight default request types in German and English, seeded once', async () => {
    const { app, database } = ctx();
    const { clients } = await portal(app, database.db);
    const [first, second] = await Promise.all([
      clients.repA.inject({ method: 'GET', url: '/api/request-types' }),
      clients.marketer.inject({ method: 'GET', url: '/api/request-types' }),
    ]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toHaveLength(8);
    expect(second.json()).toEqual(first.json());
    expect(first.json()).toContainEqual(
      expect.objectContaining({ key: 'competitive_intelligence', nameDe: 'Wettbewerbsinformationen', active: true }),
    );
  });

  it('files a request with defaults, validates limits, and replays an idempotent retry', async () => {
    const { app, database } = ctx();
    const { organisation, teamA, clients } = await portal(app, database.db);
    const account = await createAccount(database.db, organisation.id);
    const created = await file(clients.repA, { accountId: account.id, dueOn: '2999-01-31', description: 'For the fair' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      number: 1,
      status: 'new',
      priority: 'normal',
      title: 'Battle card for Acme',
      description: 'For the fair',
      dueOn: '2999-01-31',
      teamId: teamA.id,
      requester: { id: clients.repA.user.id, name: clients.repA.user.name },
      assignee: null,
      account: { id: account.id },
      type: { key: 'collateral', nameEn: 'Collateral' },
      watching: true,
    });
    expect(created.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);

    const bad = async (body: Record<string, unknown>) => (await file(clients.repA, body)).statusCode;
    expect(await bad({ title: 'ab' })).toBe(400);
    expect(await bad({ title: 'x'.repeat(161) })).toBe(400);
    expect(await bad({ title: 'x'.repeat(160) })).toBe(201);
    expect(await bad({ description: 'x'.repeat(10_001) })).toBe(400);
    expect(await bad({ priority: 'asap' })).toBe(400);
    expect(await bad({ dueOn: '2020-01-01' })).toBe(400);
    expect(await bad({ typeId: randomUUID() })).toBe(400);
    const strangerAccount = await createAccount(database.db, (await createOrganisation(database.db)).id);
    expect(await bad({ accountId: strangerAccount.id })).toBe(400);
    const otherOrgType = await typeIdOf(
      await signedInClient(app, database.db, await createUser(database.db, (await createOrganisation(database.db)).id)),
    );
    expect(await bad({ typeId: otherOrgType })).toBe(400);
    const training = await typeIdOf(clients.repA, 'training');
    await database.db
      .updateTable('request_types')
      .set({ active: 0 })
      .where('organisation_id', '=', organisation.id)
      .where('key', '=', 'training')
      .execute();
    const inactive = await file(clients.repA, { typeId: training });
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().error.code).toBe('request_type_inactive');

    const key = { 'idempotency-key': `file-${randomUUID()}` };
    const once = await file(clients.repA, { title: 'Retried request' }, key);
    const again = await file(clients.repA, { title: 'Retried request' }, key);
    expect(once.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(once.json().id);
    expect(again.json().number).toBe(once.json().number);
    const all = await clients.marketer.inject({ method: 'GET', url: '/api/requests?q=retried' });
    expect(all.json().total).toBe(1);

    expect((await file(clients.marketer)).statusCode).toBe(403);
    expect((await file(clients.admin)).statusCode).toBe(403);
  });

  it('numbers requests sequentially per organisation, uniquely under 20 concurrent filings', async () => {
    const { app, database } = ctx();
    const { clients } = await portal(app, database.db);
    const other = await portal(app, database.db);
    const typeId = await typeIdOf(clients.repA);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => file(i % 2 ? clients.repA : clients.leadA, { typeId, title: `Concurrent ${i}` })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const numbers = responses.map((r) => r.json().number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await file(other.clients.repB)).json().number).toBe(1);
  });

  it('shows each person only the requests they may see; others answer 404', async () => {
    const { app, database } = ctx();
    const { teamA, teamB, clients } = await portal(app, database.db);
    const a1 = (await file(clients.repA, { title: 'Rep A first' })).json();
    const a2 = (await file(clients.repA2, { title: 'Rep A2 own' })).json();
    const b1 = (await file(clients.repB, { title: 'Rep B request', dueOn: '2999-06-01' })).json();
    const lead = (await file(clients.leadA, { title: 'Lead A request', dueOn: '2999-01-01' })).json();

    const list = async (c: Client, query = '') => (await c.inject({ method: 'GET', url: `/api/requests${query}` })).json();
    expect(ids(await list(clients.repA))).toEqual([a1.id]);
    expect(ids(await list(clients.leadA))).toEqual([a1.id, a2.id, lead.id].sort());
    expect(ids(await list(clients.leadB))).toEqual([b1.id]);
    for (const c of [clients.marketer, clients.marketingLead, clients.executive, clients.admin]) {
      expect((await list(c)).total).toBe(4);
    }
    const stranger = (await portal(app, database.db)).clients;
    expect((await list(stranger.marketer)).total).toBe(0);

    const get = async (c: Client, id: string) => (await c.inject({ method: 'GET', url: `/api/requests/${id}` })).statusCode;
    expect(await get(clients.repA, a1.id)).toBe(200);
    expect(await get(clients.repA, a2.id)).toBe(404);
    expect(await get(clients.repA, b1.id)).toBe(404);
    expect(await get(clients.leadA, a2.id)).toBe(200);
    expect(await get(clients.leadA, b1.id)).toBe(404);
    expect(await get(clients.marketer, b1.id)).toBe(200);
    expect(await get(stranger.marketer, b1.id)).toBe(404);
    expect(await get(stranger.admin, b1.id)).toBe(404);
    expect(await get(clients.marketer, randomUUID())).toBe(404);

    // Watching widens a rep's view; leaving it narrows it again.
    const watch = await clients.repA.inject({ method: 'POST', url: `/api/requests/${b1.id}/watchers/me` });
    expect(watch.statusCode).toBe(404);
    await database.db.insertInto('request_watchers').values({ request_id: b1.id, user_id: clients.repA.user.id }).execute();
    expect(await get(clients.repA, b1.id)).toBe(200);
    const unwatch = await clients.repA.inject({ method: 'DELETE', url: `/api/requests/${b1.id}/watchers/me` });
    expect(unwatch.json()).toMatchObject({ watching: false });
    expect(await get(clients.repA, b1.id)).toBe(404);

    const m = clients.marketer;
    expect(ids(await list(m, `?teamId=${teamB.id}`))).toEqual([b1.id]);
    expect(ids(await list(m, `?teamId=${teamA.id}&q=LEAD a`))).toEqual([lead.id]);
    expect(ids(await list(clients.leadA, '?mine=true'))).toEqual([lead.id]);
    expect((await list(m, '?sort=due')).items.map((i: { id: string }) => i.id).slice(0, 2)).toEqual([lead.id, b1.id]);
    expect((await list(m)).items[0].id).toBe(lead.id);
    expect((await list(m, '?pageSize=2&page=2')).items.map((i: { id: string }) => i.id)).toEqual([a2.id, a1.id]);
    expect((await m.inject({ method: 'GET', url: '/api/requests?pageSize=101' })).statusCode).toBe(400);

    await move(m, a1.id, 'accepted');
    await move(m, b1.id, 'declined', 'Out of scope');
    expect(ids(await list(m, '?status=accepted&status=declined'))).toEqual([a1.id, b1.id].sort());
    expect(ids(await list(m, '?status=new'))).toEqual([a2.id, lead.id].sort());
    const assigned = await m.inject({
      method: 'PATCH',
      url: `/api/requests/${a2.id}/assignment`,
      headers: { 'if-match': '"1"' },
      payload: { assigneeId: m.user.id },
    });
    expect(assigned.statusCode).toBe(200);
    expect(ids(await list(m, `?assigneeId=${m.user.id}`))).toEqual([a2.id]);
    expect((await list(m, '?assigneeId=unassigned')).total).toBe(3);
    expect(ids(await list(m, `?typeId=${a1.type.id}`)).length).toBe(4);
  });

  it('runs the whole workflow, with the requester answering by a public comment', async () => {
    const { app, database } = ctx();
    const { clients } = await portal(app, database.db);
    const m = clients.marketer;
    const filed = (await file(clients.repA)).json();
    const id = filed.id as string;

    expect((await move(clients.repA, id, 'accepted')).statusCode).toBe(403);
    expect((await move(clients.executive, id, 'accepted')).statusCode).toBe(403);
    const accepted = await move(m, id, 'accepted');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.headers.etag).toBe('"2"');
    expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2 });
    expect(accepted.json().firstResponseAt).not.toBeNull();

    expect((await move(m, id, 'waiting_for_sales')).json().status).toBe('waiting_for_sales');
    const answer = await clients.repA.inject({
      method: 'POST',
      url: `/api/requests/${id}/comments`,
      headers: { 'idempotency-key': `answer-${randomUUID()}` },
      payload: { body: 'Here is the customer logo.' },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({ visibility: 'public', body: 'Here is the customer logo.' });
    const resumed = (await m.inject({ method: 'GET', url: `/api/requests/${id}` })).json();
    expect(resumed.status).toBe('in_progress');
    expect(resumed.timeline.slice(-2)).toMatchObject([
      { kind: 'commented', details: { visibility: 'public' } },
      { kind: 'status_changed', details: { from: 'waiting_for_sales', to: 'in_progress', via: 'comment' } },
    ]);

    expect((await move(m, id, 'waiting_for_sales')).statusCode).toBe(200);
    expect((await move(clients.repA, id, 'in_progress')).json().status).toBe('in_progress');
    const delivered = await move(m, id, 'delivered');
    expect(delivered.json().deliveredAt).not.toBeNull();
    expect((await move(m, id, 'closed')).statusCode).toBe(403);
    expect((await move(clients.repA, id, 'in_progress')).statusCode).toBe(400);
    const reopened = await move(clients.repA, id, 'in_progress', 'The logo is the old one');
    expect(reopened.json().status).toBe('in_progress');
    await move(m, id, 'delivered');
    const closed = await move(clients.repA, id, 'closed');
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect(closed.json().closedAt).not.toBeNull();
    const changes = closed.json().timeline.filter((e: { kind: string }) => e.kind === 'status_changed');
    expect(changes.map((e: { details: { to: string } }) => e.details.to)).toEqual([
      'accepted',
      'waiting_for_sales',
      'in_progress',
      'waiting_for_sales',
      'in_progress',
      'delivered',
      'in_progress',
      'delivered',
      'closed',
    ]);
    expect(changes[6].details.reason).toBe('The logo is the old one');

    const done = await move(clients.repA, id, 'in_progress', 'again');
    expect(done.statusCode).toBe(409);
    expect(done.json().error).toMatchObject({ code: 'invalid_transition' });
    expect(done.json().error.message).toContain('closed');
  });

  it('refuses a reopen more than 14 days after delivery', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await portal(app, database.db);
    const { id } = await createRequest(database.db, organisation.id, { requesterId: clients.repA.user.id, status: 'delivered' });
    await database.db
      .updateTable('requests')
      .set({ delivered_at: new Date(Date.now() - 15 * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const late = await move(clients.repA, id, 'in_progress', 'Still wrong');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('invalid_transition');
    expect((await move(clients.repA, id, 'closed')).statusCode).toBe(200);
  });

  it('needs a reason to decline, names the allowed moves on 409, and requires a current If-Match', async () => {
    const { app, database } = ctx();
    const { clients } = await portal(app, database.db);
    const m = clients.marketingLead;
    const id = (await file(clients.repA)).json().id as string;

    const invalid = await move(m, id, 'delivered');
    expect(invalid.statusCode).toBe(409);
    expect(invalid.json().error.code).toBe('invalid_transition');
    expect(invalid.json().error.message).toMatch(/is new; it can move to accepted, declined/);

    const noIfMatch = await m.inject({ method: 'POST', url: `/api/requests/${id}/transitions`, payload: { to: 'accepted' } });
    expect(noIfMatch.statusCode).toBe(428);
    const stale = await m.inject({
      method: 'POST',
      url: `/api/requests/${id}/transitions`,
      headers: { 'if-match': '"7"' },
      payload: { to: 'accepted' },
    });
    expect(stale.statusCode).toBe(412);

    expect((await move(m, id, 'declined')).statusCode).toBe(400);
    const declined = await move(m, id, 'declined', 'We do not print flyers any more');
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'We do not print flyers any more' });
    const seenByRep = (await clients.repA.inject({ method: 'GET', url: `/api/requests/${id}` })).json();
    expect(seenByRep.declineReason).toBe('We do not print flyers any more');
  });

  it('keeps internal notes from sales, in comments and in the timeline', async () => {
    const { app, database } = ctx();
    const { clients } = await portal(app, database.db);
    const id = (await file(clients.repA)).json().id as string;
    const comment = (c: Client, body: string, visibility?: string) =>
      c.inject({ method: 'POST', url: `/api/requests/${id}/comments`, payload: visibility ? { body, visibility } : { body } });

    expect((await comment(clients.marketer, 'Rep always asks last minute', 'internal')).statusCode).toBe(201);
    const detail = (await clients.marketer.inject({ method: 'GET', url: `/api/requests/${id}` })).json();
    expect(detail.firstResponseAt).toBeNull();
    expect((await comment(clients.marketer, 'On it, draft by Friday')).statusCode).toBe(201);
    expect((await comment(clients.repA, 'Thanks!')).statusCode).toBe(201);
    expect((await comment(clients.leadA, 'Please prioritise')).statusCode).toBe(201);
    expect((await comment(clients.repA, 'Psst', 'internal')).statusCode).toBe(403);
    expect((await comment(clients.leadA, 'Psst', 'internal')).statusCode).toBe(403);
    expect((await comment(clients.repA2, 'Not mine')).statusCode).toBe(404);
    expect((await comment(clients.executive, 'Hello')).statusCode).toBe(403);
    expect((await comment(clients.marketer, '')).statusCode).toBe(400);
    expect((await comment(clients.marketer, 'x'.repeat(10_001))).statusCode).toBe(400);

    const marketing = (await clients.marketingLead.inject({ method: 'GET', url: `/api/requests/${id}` })).json();
    expect(marketing.comments).toHaveLength(4);
    expect(marketing.firstResponseAt).not.toBeNull();
    expect(marketing.timeline.filter((e: { kind: string }) => e.kind === 'commented')).toHaveLength(4);
    for (const sales of [clients.repA, clients.leadA, clients.executive, clients.admin]) {
      const seen = await sales.inject({ method: 'GET', url: `/api/requests/${id}` });
      expect(seen.statusCode).toBe(200);
      expect(seen.body).not.toContain('last minute');
      expect(seen.body).not.toContain('internal');
      expect(seen.json().comments.map((c: { body: string }) => c.body)).toEqual([
        'On it, draft by Friday',
        'Thanks!',
        'Please prioritise',
      ]);
      expect(seen.json().timeline.filter((e: { kind: string }) => e.kind === 'commented')).toHaveLength(3);
    }
  });

  it('assigns only to active marketing people of the organisation, with If-Match', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await portal(app, database.db);
    const id = (await file(clients.repA)).json().id as string;
    const assign = (c: Client, assigneeId: string | null, etag = '"1"') =>
      c.inject({
        method: 'PATCH',
        url: `/api/requests/${id}/assignment`,
        headers: { 'if-match': etag },
        payload: { assigneeId },
      });

    expect((await assign(clients.marketer, clients.repA.user.id)).statusCode).toBe(400);
    expect((await assign(clients.marketer, clients.executive.user.id)).statusCode).toBe(400);
    const gone = await createUser(database.db, organisation.id, { role: 'marketer', status: 'deactivated' });
    expect((await assign(clients.marketer, gone.id)).statusCode).toBe(400);
    const foreign = await createUser(database.db, (await createOrganisation(database.db)).id, { role: 'marketer' });
    expect((await assign(clients.marketer, foreign.id)).statusCode).toBe(400);
    expect((await assign(clients.repA, clients.marketer.user.id)).statusCode).toBe(403);
    expect(
      (await clients.marketer.inject({ method: 'PATCH', url: `/api/requests/${id}/assignment`, payload: { assigneeId: null } }))
        .statusCode,
    ).toBe(428);

    const assigned = await assign(clients.marketer, clients.marketingLead.user.id);
    expect(assigned.statusCode).toBe(200);
    expect(assigned.headers.etag).toBe('"2"');
    expect(assigned.json().assignee).toEqual({ id: clients.marketingLead.user.id, name: clients.marketingLead.user.name });
    expect(assigned.json().timeline.at(-1)).toMatchObject({
      kind: 'assigned',
      details: { from: null, to: clients.marketingLead.user.id },
    });
    expect((await assign(clients.marketer, clients.marketer.user.id)).statusCode).toBe(412);
    const cleared = await assign(clients.marketer, null, '"2"');
    expect(cleared.json().assignee).toBeNull();
  });

  it('lets anyone who sees a request watch and unwatch it', async () => {
    const { app, database } = ctx();
    const { clients } = await portal(app, database.db);
    const id = (await file(clients.repA)).json().id as string;
    const watched = await clients.marketer.inject({ method: 'POST', url: `/api/requests/${id}/watchers/me` });
    expect(watched.statusCode).toBe(200);
    expect(watched.json().watching).toBe(true);
    expect(
      watched
        .json()
        .watchers.map((w: { id: string }) => w.id)
        .sort(),
    ).toEqual([clients.repA.user.id, clients.marketer.user.id].sort());
    const twice = await clients.marketer.inject({ method: 'POST', url: `/api/requests/${id}/watchers/me` });
    expect(twice.json().watchers).toHaveLength(2);
    const left = await clients.marketer.inject({ method: 'DELETE', url: `/api/requests/${id}/watchers/me` });
    expect(left.json()).toMatchObject({ watching: false });
    expect(left.json().watchers).toHaveLength(1);
    expect((await clients.repB.inject({ method: 'POST', url: `/api/requests/${id}/watchers/me` })).statusCode).toBe(404);
  });
});
