import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { RequestStatus } from '../../../common/api/contracts.js';
import type { Tables } from '../../db/tables.js';
import { type Client, createOrganisation, createRequest, createTeam, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A rep who filed, a teammate, the team's lead, another team's rep, and a marketer: each test its own organisation. */
async function ratingPortal(app: FastifyInstance, db: Kysely<Tables>) {
  const organisation = await createOrganisation(db);
  const team = await createTeam(db, organisation.id);
  const otherTeam = await createTeam(db, organisation.id);
  const marketingTeam = await createTeam(db, organisation.id, { kind: 'marketing' });
  const client = async (overrides: Parameters<typeof createUser>[2]) =>
    signedInClient(app, db, await createUser(db, organisation.id, overrides));
  return {
    organisation,
    requester: await client({ role: 'sales_rep', teamId: team.id }),
    lead: await client({ role: 'sales_lead', teamId: team.id }),
    otherRep: await client({ role: 'sales_rep', teamId: otherTeam.id }),
    marketer: await client({ role: 'marketer', teamId: marketingTeam.id }),
    team,
  };
}

async function requestIn(
  db: Kysely<Tables>,
  organisationId: string,
  requester: Client,
  teamId: string,
  status: RequestStatus,
  deliveredDaysAgo = 1,
) {
  const filed = await createRequest(db, organisationId, { requesterId: requester.user.id, teamId, status });
  if (status === 'delivered' || status === 'closed') {
    await db
      .updateTable('requests')
      .set({ delivered_at: new Date(Date.now() - deliveredDaysAgo * DAY_MS).toISOString() })
      .where('id', '=', filed.id)
      .execute();
  }
  return filed;
}

const rate = (c: Client, id: string, payload: unknown) =>
  c.inject({ method: 'POST', url: `/api/requests/${id}/rating`, payload: payload as Record<string, unknown> });

describeEachDialect('request ratings', (ctx) => {
  it('lets the requester rate a delivered request, shows it on the detail to everyone and logs it', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'delivered');

    const rated = await rate(p.requester, filed.id, { score: 5, comment: '  Exactly what we needed  ', extraMile: true });
    expect(rated.statusCode).toBe(201);
    expect(rated.headers.etag).toBe('"1"');
    expect(rated.json()).toMatchObject({ score: 5, comment: 'Exactly what we needed', extraMile: true, version: 1 });

    for (const viewer of [p.requester, p.lead, p.marketer]) {
      const detail = await viewer.inject({ method: 'GET', url: `/api/requests/${filed.id}` });
      expect(detail.statusCode).toBe(200);
      expect(detail.json().rating).toMatchObject({ score: 5, comment: 'Exactly what we needed', extraMile: true });
      expect(detail.json().rating.createdAt).toEqual(expect.any(String));
    }
    const detail = (await p.requester.inject({ method: 'GET', url: `/api/requests/${filed.id}` })).json();
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'rated',
      actor: { id: p.requester.user.id },
      details: { score: 5, extraMile: true },
    });
  });

  it('shows no rating on an unrated request and rates a closed one without a comment', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'closed');
    expect((await p.requester.inject({ method: 'GET', url: `/api/requests/${filed.id}` })).json().rating).toBeNull();
    const rated = await rate(p.requester, filed.id, { score: 3, extraMile: false });
    expect(rated.statusCode).toBe(201);
    expect(rated.json()).toMatchObject({ score: 3, comment: null, extraMile: false });
  });

  it('refuses everyone but the requester: 403 where the request is visible, 404 where it is not', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'delivered');
    const body = { score: 4, extraMile: false };
    expect((await rate(p.lead, filed.id, body)).statusCode).toBe(403);
    expect((await rate(p.marketer, filed.id, body)).statusCode).toBe(403);
    expect((await rate(p.otherRep, filed.id, body)).statusCode).toBe(404);
    const stranger = await createOrganisation(database.db);
    const strangerRep = await signedInClient(app, database.db, await createUser(database.db, stranger.id, { role: 'sales_rep' }));
    expect((await rate(strangerRep, filed.id, body)).statusCode).toBe(404);
    const detail = (await p.requester.inject({ method: 'GET', url: `/api/requests/${filed.id}` })).json();
    expect(detail.rating).toBeNull();
  });

  it('refuses to rate a request that is not delivered, with 409 conflict', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    for (const status of ['new', 'in_progress', 'declined'] as const) {
      const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, status);
      const response = await rate(p.requester, filed.id, { score: 4, extraMile: false });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('conflict');
      expect(response.json().error.message).toContain('delivered or closed');
    }
  });

  it('refuses a second rating with 409 and keeps the first', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'delivered');
    expect((await rate(p.requester, filed.id, { score: 2, extraMile: false })).statusCode).toBe(201);
    const second = await rate(p.requester, filed.id, { score: 5, extraMile: true });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
    // Two first ratings at once: exactly one is stored.
    const raced = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'delivered');
    const answers = await Promise.all([1, 5].map((score) => rate(p.requester, raced.id, { score, extraMile: false })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const detail = (await p.requester.inject({ method: 'GET', url: `/api/requests/${filed.id}` })).json();
    expect(detail.rating).toMatchObject({ score: 2, extraMile: false });
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'rated')).toHaveLength(1);
  });

  it('changes a rating with PUT and If-Match within 14 days of delivery', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'delivered');
    const put = (c: Client, headers: Record<string, string>, payload: Record<string, unknown>) =>
      c.inject({ method: 'PUT', url: `/api/requests/${filed.id}/rating`, headers, payload });
    const body = { score: 4, comment: 'Better on second look', extraMile: true };

    expect((await put(p.requester, { 'if-match': '"1"' }, body)).statusCode).toBe(404);
    const rated = await rate(p.requester, filed.id, { score: 2, comment: 'Late', extraMile: false });
    expect((await put(p.requester, {}, body)).statusCode).toBe(428);
    expect((await put(p.lead, { 'if-match': rated.headers.etag as string }, body)).statusCode).toBe(403);

    const changed = await put(p.requester, { 'if-match': rated.headers.etag as string }, body);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ score: 4, comment: 'Better on second look', extraMile: true, version: 2 });
    // The ETag just used is stale now.
    expect((await put(p.requester, { 'if-match': rated.headers.etag as string }, body)).statusCode).toBe(412);

    const detail = (await p.marketer.inject({ method: 'GET', url: `/api/requests/${filed.id}` })).json();
    expect(detail.rating).toMatchObject({ score: 4, comment: 'Better on second look', extraMile: true });
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'rated')).toHaveLength(2);
    expect(detail.timeline.at(-1).details).toMatchObject({ score: 4, changed: true });
  });

  it('refuses to change a rating more than 14 days after delivery', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'closed', 20);
    const rated = await rate(p.requester, filed.id, { score: 3, extraMile: false });
    expect(rated.statusCode).toBe(201);
    const late = await p.requester.inject({
      method: 'PUT',
      url: `/api/requests/${filed.id}/rating`,
      headers: { 'if-match': rated.headers.etag as string },
      payload: { score: 5, extraMile: true },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('14 days');
  });

  it('rejects invalid ratings with 400 and stores nothing', async () => {
    const { app, database } = ctx();
    const p = await ratingPortal(app, database.db);
    const filed = await requestIn(database.db, p.organisation.id, p.requester, p.team.id, 'delivered');
    for (const payload of [
      { score: 0, extraMile: false },
      { score: 6, extraMile: false },
      { score: 3.5, extraMile: false },
      { score: '5', extraMile: false },
      { score: 4 },
      { extraMile: true },
      { score: 4, extraMile: false, comment: 'x'.repeat(2001) },
    ]) {
      const response = await rate(p.requester, filed.id, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
    }
    expect((await p.requester.inject({ method: 'GET', url: `/api/requests/${filed.id}` })).json().rating).toBeNull();
  });
});
