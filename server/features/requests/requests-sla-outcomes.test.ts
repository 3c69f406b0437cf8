/**
 * The stored outcomes of stopped SLA clocks, which the reports aggregate: every change that stops,
 * restarts or records a first response writes them. Expected values are worked out by hand on the
 * default calendar (Europe/Berlin, CEST in June 2026, Monday–Friday 08:00–17:00) and the default
 * normal-priority targets (first response 8 business hours, resolution 40). Times are written in UTC.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { RequestStatus } from '../../../common/api/contracts.js';
import { backfillSlaOutcomes } from '../../db/migrations/011-request-performance.js';
import type { Tables } from '../../db/tables.js';
import { businessMillisBetween, createBusinessCalendar } from '../../lib/business-time/index.js';
import { createOrganisationWithRoles } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { commentOnRequest, fileRequest, getRequest, transitionRequest, type Viewer } from './requests.service.js';

const HOUR_MS = 3_600_000;
const at = (iso: string) => ({ now: new Date(iso) });

async function setUp(app: FastifyInstance, db: Kysely<Tables>) {
  const { organisation, team, clients } = await createOrganisationWithRoles(app, db);
  const viewerOf = (user: { id: string; role: Viewer['role'] }, teamId: string | null): Viewer => ({
    userId: user.id,
    organisationId: organisation.id,
    role: user.role,
    teamId,
  });
  const types = (await clients.marketer.inject({ method: 'GET', url: '/api/request-types' })).json() as { id: string }[];
  return {
    rep: viewerOf(clients.sales_rep.user, team.id),
    marketer: viewerOf(clients.marketer.user, null),
    typeId: types[0]?.id as string,
  };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

const file = async (deps: Parameters<typeof fileRequest>[0], s: Setup, iso?: string) =>
  (
    await fileRequest(
      deps,
      s.rep,
      { typeId: s.typeId, title: 'Battle card', description: '', accountId: null, dueOn: null, priority: 'normal' },
      iso ? at(iso) : {},
    )
  ).id;

async function move(
  deps: Parameters<typeof fileRequest>[0],
  actor: Viewer,
  id: string,
  to: RequestStatus,
  iso: string,
  reason?: string,
) {
  const current = await getRequest(deps, actor, id, at(iso));
  await transitionRequest(deps, actor, id, current.version, { to, ...(reason ? { reason } : {}) }, at(iso));
}

async function outcomes(db: Kysely<Tables>, id: string) {
  const row = await db
    .selectFrom('requests')
    .where('id', '=', id)
    .select(['first_response_met', 'first_response_business_ms', 'resolution_met', 'resolution_business_ms'])
    .executeTakeFirstOrThrow();
  const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    firstResponse: [numberOrNull(row.first_response_met), numberOrNull(row.first_response_business_ms)],
    resolution: [numberOrNull(row.resolution_met), numberOrNull(row.resolution_business_ms)],
  };
}

async function firstResponseDueAt(db: Kysely<Tables>, id: string) {
  return (await db.selectFrom('requests').where('id', '=', id).select('first_response_due_at').executeTakeFirstOrThrow())
    .first_response_due_at;
}

describeEachDialect('stored SLA outcomes', (ctx) => {
  it('stores the first response at acceptance, and resolution only once delivered, without pauses and deliveries', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    const id = await file(deps, s, '2026-06-01T06:00:00Z'); // Mon 08:00
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [null, null], resolution: [null, null] });
    // What an open request is measured against: 8 business hours after filing, Mon 16:00.
    expect(await firstResponseDueAt(database.db, id)).toBe('2026-06-01T14:00:00.000Z');

    await move(deps, s.marketer, id, 'accepted', '2026-06-01T08:00:00Z'); // 2 h: met
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, 2 * HOUR_MS], resolution: [null, null] });

    // Waiting for sales from Mon 12:00 to Tue 08:00, then delivered Tue 12:00: 4 h + 4 h.
    await move(deps, s.marketer, id, 'waiting_for_sales', '2026-06-01T10:00:00Z');
    expect((await outcomes(database.db, id)).resolution).toEqual([null, null]);
    await move(deps, s.rep, id, 'in_progress', '2026-06-02T06:00:00Z');
    expect((await outcomes(database.db, id)).resolution).toEqual([null, null]);
    await move(deps, s.marketer, id, 'delivered', '2026-06-02T10:00:00Z');
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, 2 * HOUR_MS], resolution: [1, 8 * HOUR_MS] });

    // Reopened Wed 08:00: the resolution clock runs again; delivered again Wed 10:00, the time the
    // requester had the delivery not counted: 8 h + 2 h.
    await move(deps, s.rep, id, 'in_progress', '2026-06-03T06:00:00Z', 'The figures are from last year.');
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, 2 * HOUR_MS], resolution: [null, null] });
    await move(deps, s.marketer, id, 'delivered', '2026-06-03T08:00:00Z');
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, 2 * HOUR_MS], resolution: [1, 10 * HOUR_MS] });

    // Closing changes nothing.
    await move(deps, s.rep, id, 'closed', '2026-06-03T09:00:00Z');
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, 2 * HOUR_MS], resolution: [1, 10 * HOUR_MS] });
  });

  it('stores missed targets: a late decline, and a late delivery', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    // Declined Fri 08:00 without an answer before: Mon–Thu 4 × 9 h = 36 h; the decline is the first
    // response (missed, target 8 h) and stops the resolution clock (met, target 40 h).
    const declined = await file(deps, s, '2026-06-01T06:00:00Z');
    await move(deps, s.marketer, declined, 'declined', '2026-06-05T06:00:00Z', 'Out of scope.');
    expect(await outcomes(database.db, declined)).toEqual({ firstResponse: [0, 36 * HOUR_MS], resolution: [1, 36 * HOUR_MS] });

    // Accepted after 1 h, delivered Mon 8 June 16:00: 9 h + 4 × 9 h + 8 h = 53 h, missed.
    const late = await file(deps, s, '2026-06-01T06:00:00Z');
    await move(deps, s.marketer, late, 'accepted', '2026-06-01T07:00:00Z');
    await move(deps, s.marketer, late, 'delivered', '2026-06-08T14:00:00Z');
    expect(await outcomes(database.db, late)).toEqual({ firstResponse: [1, HOUR_MS], resolution: [0, 53 * HOUR_MS] });
  });

  it('stores the first response at marketing’s first public comment, and keeps it', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    // Comments happen now, so the expected business time is taken from the stored instants.
    const id = await file(deps, s);
    await commentOnRequest(deps, s.rep, id, { body: 'Any news?', visibility: 'public' });
    await commentOnRequest(deps, s.marketer, id, { body: 'Checking prices first.', visibility: 'internal' });
    expect((await outcomes(database.db, id)).firstResponse).toEqual([null, null]);

    await commentOnRequest(deps, s.marketer, id, { body: 'On it.', visibility: 'public' });
    const row = await database.db
      .selectFrom('requests')
      .where('id', '=', id)
      .select(['created_at', 'first_response_at'])
      .executeTakeFirstOrThrow();
    expect(row.first_response_at).not.toBeNull();
    const elapsed = businessMillisBetween(
      createBusinessCalendar({}),
      new Date(row.created_at),
      new Date(row.first_response_at as string),
    );
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, elapsed], resolution: [null, null] });

    // A later comment and an acceptance are no first response any more.
    await commentOnRequest(deps, s.marketer, id, { body: 'Draft attached tomorrow.', visibility: 'public' });
    const current = await getRequest(deps, s.marketer, id);
    await transitionRequest(deps, s.marketer, id, current.version, { to: 'accepted' });
    expect(await outcomes(database.db, id)).toEqual({ firstResponse: [1, elapsed], resolution: [null, null] });
    expect(
      (await database.db.selectFrom('requests').where('id', '=', id).select('first_response_at').executeTakeFirstOrThrow())
        .first_response_at,
    ).toBe(row.first_response_at);
  });

  it('backfills the outcomes of requests stopped before they were stored, as the write paths store them', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    const ids = [await file(deps, s, '2026-06-01T06:00:00Z'), await file(deps, s, '2026-06-01T06:00:00Z')];
    await move(deps, s.marketer, ids[0] as string, 'accepted', '2026-06-01T08:00:00Z');
    await move(deps, s.marketer, ids[0] as string, 'waiting_for_sales', '2026-06-01T10:00:00Z');
    await move(deps, s.rep, ids[0] as string, 'in_progress', '2026-06-02T06:00:00Z');
    await move(deps, s.marketer, ids[0] as string, 'delivered', '2026-06-02T10:00:00Z');
    await move(deps, s.marketer, ids[1] as string, 'declined', '2026-06-05T06:00:00Z', 'Out of scope.');
    const stored = await Promise.all(ids.map((id) => outcomes(database.db, id)));

    await database.db
      .updateTable('requests')
      .set({
        first_response_due_at: null,
        first_response_met: null,
        first_response_business_ms: null,
        resolution_met: null,
        resolution_business_ms: null,
      })
      .where('id', 'in', ids)
      .execute();
    await backfillSlaOutcomes(database.db);
    expect(await Promise.all(ids.map((id) => outcomes(database.db, id)))).toEqual(stored);
    expect(await firstResponseDueAt(database.db, ids[1] as string)).toBe('2026-06-01T14:00:00.000Z');
    expect(stored[0]).toEqual({ firstResponse: [1, 2 * HOUR_MS], resolution: [1, 8 * HOUR_MS] });
  });
});
