import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { RequestListQuery, RequestPriority, RequestStatus } from '../../../common/api/contracts.js';
import type { Tables } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { businessMillisBetween, createBusinessCalendar } from '../../lib/business-time/index.js';
import { createOrganisationWithRoles, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { fileRequest, getRequest, listRequests, transitionRequest, type Viewer } from '../requests/requests.service.js';

const HOUR = 3_600_000;
const at = (iso: string) => ({ now: new Date(iso) });

/** An organisation with a signed-in person per role, and the same people as service viewers. */
async function setUp(app: FastifyInstance, db: Kysely<Tables>) {
  const { organisation, team, clients } = await createOrganisationWithRoles(app, db);
  const viewer = (role: keyof typeof clients): Viewer => ({
    userId: clients[role].user.id,
    organisationId: organisation.id,
    role: clients[role].user.role,
    teamId: role.startsWith('sales') ? team.id : null,
  });
  const types = (await clients.marketer.inject({ method: 'GET', url: '/api/request-types' })).json() as {
    id: string;
    key: string;
  }[];
  const typeId = (key: string) => types.find((t) => t.key === key)?.id as string;
  return { organisation, clients, viewer, typeId };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

function fileAt(deps: AppDeps, s: Setup, iso: string, priority: RequestPriority = 'normal', key = 'collateral') {
  return fileRequest(
    deps,
    s.viewer('sales_rep'),
    { typeId: s.typeId(key), title: `Filed ${iso}`, description: '', accountId: null, dueOn: null, priority },
    at(iso),
  );
}

async function moveAt(deps: AppDeps, s: Setup, role: 'marketer' | 'sales_rep', id: string, to: RequestStatus, iso: string) {
  const current = await getRequest(deps, s.viewer(role), id, at(iso));
  return transitionRequest(deps, s.viewer(role), id, current.version, { to }, at(iso));
}

function storedSla(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('requests')
    .where('id', '=', id)
    .select(['resolution_due_at', 'resolution_at_risk_at', 'first_response_target_minutes', 'resolution_target_minutes'])
    .executeTakeFirstOrThrow();
}

describeEachDialect('SLA policies and business calendar', (ctx) => {
  it('lists default targets for every type × priority, overrides them with If-Match, and resets them', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    const list = await s.clients.marketer.inject({ method: 'GET', url: '/api/sla-policies' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(32);
    const collateralNormal = { typeId: s.typeId('collateral'), priority: 'normal' };
    expect(list.json()).toContainEqual(
      expect.objectContaining({
        ...collateralNormal,
        firstResponseMinutes: 480,
        resolutionMinutes: 2400,
        isDefault: true,
        version: 0,
      }),
    );
    expect(list.json()).toContainEqual(
      expect.objectContaining({
        typeId: s.typeId('lead_list'),
        priority: 'urgent',
        firstResponseMinutes: 120,
        resolutionMinutes: 480,
      }),
    );
    expect(list.json()).toContainEqual(
      expect.objectContaining({
        typeId: s.typeId('lead_list'),
        priority: 'low',
        firstResponseMinutes: 960,
        resolutionMinutes: 4800,
      }),
    );

    const url = `/api/sla-policies/${s.typeId('collateral')}/normal`;
    const put = (ifMatch: string | null, payload: Record<string, unknown>) =>
      s.clients.admin.inject({ method: 'PUT', url, payload, headers: ifMatch ? { 'if-match': ifMatch } : {} });
    expect((await put(null, { firstResponseMinutes: 60, resolutionMinutes: 600 })).statusCode).toBe(428);
    expect((await put('"0"', { firstResponseMinutes: 0, resolutionMinutes: 600 })).statusCode).toBe(400);
    expect((await put('"0"', { firstResponseMinutes: 60, resolutionMinutes: 120_001 })).statusCode).toBe(400);
    const reversed = await put('"0"', { firstResponseMinutes: 601, resolutionMinutes: 600 });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'resolutionMinutes', message: expect.stringContaining('first response') }],
    });
    // Equal targets are allowed: a request may be answered and resolved at once.
    const equalUrl = `/api/sla-policies/${s.typeId('training')}/low`;
    const equal = await s.clients.admin.inject({
      method: 'PUT',
      url: equalUrl,
      payload: { firstResponseMinutes: 600, resolutionMinutes: 600 },
      headers: { 'if-match': '"0"' },
    });
    expect(equal.statusCode).toBe(200);
    const created = await put('"0"', { firstResponseMinutes: 60, resolutionMinutes: 600 });
    expect(created.statusCode).toBe(200);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      ...collateralNormal,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
      isDefault: false,
    });
    expect((await put('"0"', { firstResponseMinutes: 30, resolutionMinutes: 600 })).statusCode).toBe(412);
    expect(
      (await s.clients.marketer.inject({ method: 'PUT', url, payload: {}, headers: { 'if-match': '"1"' } })).statusCode,
    ).toBe(403);

    // The targets in force at filing stay with the request.
    const filed = await fileAt(deps, s, '2026-03-16T08:00:00Z');
    expect(filed.sla?.resolution?.targetMinutes).toBe(600);
    expect(filed.sla?.firstResponse?.targetMinutes).toBe(60);
    const updated = await put('"1"', { firstResponseMinutes: 120, resolutionMinutes: 1200 });
    expect(updated.json()).toMatchObject({ firstResponseMinutes: 120, resolutionMinutes: 1200, version: 2 });
    expect((await getRequest(deps, s.viewer('marketer'), filed.id)).sla?.resolution?.targetMinutes).toBe(600);
    expect(await storedSla(database.db, filed.id)).toMatchObject({
      first_response_target_minutes: 60,
      resolution_target_minutes: 600,
    });

    // Another organisation's admin finds nothing to change.
    const stranger = await signedInClient(
      app,
      database.db,
      await createUser(database.db, (await createOrganisationWithRoles(app, database.db)).organisation.id, { role: 'admin' }),
    );
    const strangerPut = await stranger.inject({
      method: 'PUT',
      url,
      payload: { firstResponseMinutes: 1, resolutionMinutes: 2 },
      headers: { 'if-match': '"0"' },
    });
    expect(strangerPut.statusCode).toBe(404);
    expect((await stranger.inject({ method: 'DELETE', url, headers: { 'if-match': '"2"' } })).statusCode).toBe(404);

    expect((await s.clients.admin.inject({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).statusCode).toBe(412);
    const reset = await s.clients.admin.inject({ method: 'DELETE', url, headers: { 'if-match': '"2"' } });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ firstResponseMinutes: 480, resolutionMinutes: 2400, isDefault: true, version: 0 });
    const again = await s.clients.admin.inject({ method: 'DELETE', url, headers: { 'if-match': '"0"' } });
    expect(again.statusCode).toBe(200);
  });

  it('keeps a business calendar per organisation, validates it with every problem listed, and lists holidays', async () => {
    const { app, database } = ctx();
    const s = await setUp(app, database.db);
    const other = await setUp(app, database.db);
    const read = await s.clients.sales_rep.inject({ method: 'GET', url: '/api/settings/business-calendar' });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual({
      timeZone: 'Europe/Berlin',
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      workingHours: [{ start: '08:00', end: '17:00' }],
      workingHoursByWeekday: {},
      closeOnPublicHolidays: true,
      federalState: null,
      closedDates: [],
      version: 1,
    });

    const put = (payload: Record<string, unknown>, ifMatch = '"1"') =>
      s.clients.admin.inject({
        method: 'PUT',
        url: '/api/settings/business-calendar',
        payload,
        headers: { 'if-match': ifMatch },
      });
    const invalid = await put({ timeZone: 'Mars/Olympus', workingDays: ['mon', 'funday'], closedDates: ['2026-02-30'] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('validation_failed');
    expect(invalid.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'timeZone',
      'workingDays',
      'closedDates[0]',
    ]);
    expect((await put({ federalState: 'XX' })).json().error.details[0].path).toBe('federalState');
    expect(
      (
        await s.clients.marketer.inject({
          method: 'PUT',
          url: '/api/settings/business-calendar',
          payload: {},
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(403);

    const saved = await put({
      federalState: 'BY',
      closedDates: ['2026-12-31', '2026-12-24'],
      workingHoursByWeekday: { fri: [{ start: '08:00', end: '14:00' }] },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(saved.json()).toMatchObject({
      federalState: 'BY',
      closedDates: ['2026-12-24', '2026-12-31'],
      workingHoursByWeekday: { fri: [{ start: '08:00', end: '14:00' }] },
      version: 2,
    });
    expect((await put({ federalState: 'BE' })).statusCode).toBe(412);

    const holidays = await s.clients.sales_rep.inject({
      method: 'GET',
      url: '/api/settings/business-calendar/holidays?year=2026',
    });
    expect(holidays.statusCode).toBe(200);
    expect(holidays.json()).toContainEqual({ date: '2026-01-06', name: 'Heilige Drei Könige', nameEn: 'Epiphany' });
    expect(holidays.json()).toContainEqual(expect.objectContaining({ date: '2026-10-03' }));
    const nationwide = await other.clients.sales_rep.inject({
      method: 'GET',
      url: '/api/settings/business-calendar/holidays?year=2026',
    });
    expect(nationwide.json().map((h: { date: string }) => h.date)).not.toContain('2026-01-06');
    expect(
      (await other.clients.admin.inject({ method: 'GET', url: '/api/settings/business-calendar' })).json().federalState,
    ).toBe(null);
    expect(
      (await s.clients.sales_rep.inject({ method: 'GET', url: '/api/settings/business-calendar/holidays?year=1800' })).statusCode,
    ).toBe(400);
  });

  it('counts a request filed Friday 16:00 in Berlin across the weekend', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    // Friday 13 March 2026, 16:00 CET.
    const filed = await fileAt(deps, s, '2026-03-13T15:00:00Z');
    // First response 8 h: Friday 16–17, then Monday 08–15.
    expect(filed.sla?.firstResponse).toMatchObject({ dueAt: '2026-03-16T14:00:00.000Z', state: 'ok', targetMinutes: 480 });
    // Resolution 40 h: 1 h on Friday, 36 h Monday to Thursday, 3 h on the next Friday.
    expect(filed.sla?.resolution).toMatchObject({ dueAt: '2026-03-20T10:00:00.000Z', state: 'ok', percentUsed: 0 });
    expect(filed.sla?.paused).toBe(false);
    // 80 % (32 h): 1 + 27 h to Wednesday evening, 4 h on Thursday.
    expect(await storedSla(database.db, filed.id)).toMatchObject({
      resolution_due_at: '2026-03-20T10:00:00.000Z',
      resolution_at_risk_at: '2026-03-19T11:00:00.000Z',
    });
    // Monday 09:00: two business hours used, nothing over the weekend.
    const monday = await getRequest(deps, s.viewer('marketer'), filed.id, at('2026-03-16T08:00:00Z'));
    expect(monday.sla?.resolution).toMatchObject({ percentUsed: 5, remainingMs: 38 * HOUR });
    expect(monday.sla?.firstResponse).toMatchObject({ remainingMs: 6 * HOUR });
  });

  it('pauses the resolution clock while waiting for sales and extends the due time by the paused business time', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    const calendar = createBusinessCalendar({});
    // Monday 16 March 2026, 09:00 CET.
    const filed = await fileAt(deps, s, '2026-03-16T08:00:00Z');
    const dueBefore = filed.sla?.resolution?.dueAt as string;
    expect(dueBefore).toBe('2026-03-20T12:00:00.000Z');

    const accepted = await moveAt(deps, s, 'marketer', filed.id, 'accepted', '2026-03-16T09:00:00Z');
    expect(accepted.firstResponseAt).toBe('2026-03-16T09:00:00.000Z');
    expect(accepted.sla?.firstResponse?.state).toBe('met');

    const waiting = await moveAt(deps, s, 'marketer', filed.id, 'waiting_for_sales', '2026-03-16T10:00:00Z');
    expect(waiting.sla).toMatchObject({ paused: true, resolution: { dueAt: null, state: 'ok' } });
    expect(await storedSla(database.db, filed.id)).toMatchObject({ resolution_due_at: null, resolution_at_risk_at: null });
    const pausedLater = await getRequest(deps, s.viewer('marketer'), filed.id, at('2026-03-17T09:00:00Z'));
    // Two business hours ran before the pause; the night and the pause do not count.
    expect(pausedLater.sla?.resolution?.remainingMs).toBe(38 * HOUR);

    // The requester answers on Tuesday 11:00 CET: 9 business hours paused (Mon 11–17, Tue 08–11).
    const resumed = await moveAt(deps, s, 'sales_rep', filed.id, 'in_progress', '2026-03-17T10:00:00Z');
    const dueAfter = resumed.sla?.resolution?.dueAt as string;
    expect(resumed.sla?.paused).toBe(false);
    expect(dueAfter).toBe('2026-03-23T12:00:00.000Z');
    expect(businessMillisBetween(calendar, new Date(dueBefore), new Date(dueAfter))).toBe(9 * HOUR);
    expect((await storedSla(database.db, filed.id)).resolution_due_at).toBe(dueAfter);
    const pauses = await database.db
      .selectFrom('request_sla_pauses')
      .where('request_id', '=', filed.id)
      .select(['started_at', 'ended_at', 'reason'])
      .execute();
    expect(pauses).toEqual([
      { started_at: '2026-03-16T10:00:00.000Z', ended_at: '2026-03-17T10:00:00.000Z', reason: 'waiting_for_sales' },
    ]);

    // Delivery stops the clock: met, and the stored due time stays for the record.
    const delivered = await moveAt(deps, s, 'marketer', filed.id, 'delivered', '2026-03-18T10:00:00Z');
    expect(delivered.sla?.resolution).toMatchObject({ state: 'met', dueAt: dueAfter });
  });

  it('closes the pause when the requester answers by comment, and does not count a reopened delivery', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    const filed = await fileAt(deps, s, '2026-03-16T08:00:00Z');
    await moveAt(deps, s, 'marketer', filed.id, 'accepted', '2026-03-16T09:00:00Z');
    await moveAt(deps, s, 'marketer', filed.id, 'waiting_for_sales', '2026-03-16T10:00:00Z');
    const answer = await s.clients.sales_rep.inject({
      method: 'POST',
      url: `/api/requests/${filed.id}/comments`,
      payload: { body: 'Here is the customer list.' },
    });
    expect(answer.statusCode).toBe(201);
    const pauses = () =>
      database.db
        .selectFrom('request_sla_pauses')
        .where('request_id', '=', filed.id)
        .select(['reason', 'started_at', 'ended_at'])
        .orderBy('started_at')
        .execute();
    const [waited] = await pauses();
    expect(waited?.ended_at).not.toBeNull();
    const resumed = await storedSla(database.db, filed.id);
    expect(resumed.resolution_due_at).not.toBeNull();

    // Deliver, then the requester reopens a day later: that day is a pause, and the clock runs again.
    const now = Date.now();
    const iso = (offsetHours: number) => new Date(now + offsetHours * HOUR).toISOString();
    const delivered = await moveAt(deps, s, 'marketer', filed.id, 'delivered', iso(1));
    expect(delivered.sla?.resolution?.state).toMatch(/met|missed/);
    const current = await getRequest(deps, s.viewer('sales_rep'), filed.id, at(iso(25)));
    const reopened = await transitionRequest(
      deps,
      s.viewer('sales_rep'),
      filed.id,
      current.version,
      { to: 'in_progress', reason: 'The list misses Austria.' },
      at(iso(25)),
    );
    expect(reopened.sla?.resolution?.state).toMatch(/breached|ok|at_risk/);
    expect((await pauses()).map((p) => [p.reason, p.started_at, p.ended_at])).toContainEqual(['delivered', iso(1), iso(25)]);
    expect(
      (await database.db.selectFrom('requests').where('id', '=', filed.id).select('sla_stopped_at').executeTakeFirstOrThrow())
        .sla_stopped_at,
    ).toBeNull();
  });

  it('sorts the queue by resolution due time and filters at-risk and breached requests', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    const old = await fileAt(deps, s, '2026-03-09T08:00:00Z'); // due Fri 13 March 12:00Z
    const friday = await fileAt(deps, s, '2026-03-13T15:00:00Z'); // at risk Thu 19 11:00Z, due Fri 20 10:00Z
    const urgent = await fileAt(deps, s, '2026-03-19T08:00:00Z', 'urgent'); // due Thu 19 16:00Z
    const low = await fileAt(deps, s, '2026-03-19T08:00:00Z', 'low');
    const paused = await fileAt(deps, s, '2026-03-09T08:00:00Z');
    await moveAt(deps, s, 'marketer', paused.id, 'accepted', '2026-03-09T09:00:00Z');
    await moveAt(deps, s, 'marketer', paused.id, 'waiting_for_sales', '2026-03-09T10:00:00Z');
    const declined = await fileAt(deps, s, '2026-03-02T08:00:00Z');
    await transitionRequest(
      deps,
      s.viewer('marketer'),
      declined.id,
      declined.version,
      { to: 'declined', reason: 'Out of scope' },
      at('2026-03-02T09:00:00Z'),
    );

    const query = (extra: Partial<RequestListQuery>): RequestListQuery => ({ page: 1, pageSize: 50, sort: 'created', ...extra });
    const thursday = at('2026-03-19T12:00:00Z');
    const idsOf = async (extra: Partial<RequestListQuery>) =>
      (await listRequests(deps, s.viewer('marketer'), query(extra), thursday)).items.map((i) => i.id);
    expect(await idsOf({ slaState: 'breached' })).toEqual([old.id]);
    expect(await idsOf({ slaState: 'at_risk' })).toEqual([friday.id]);
    // Stopped and paused last; among them, known due times first.
    expect(await idsOf({ sort: 'sla' })).toEqual([old.id, urgent.id, friday.id, low.id, declined.id, paused.id]);

    const listed = (await listRequests(deps, s.viewer('marketer'), query({ slaState: 'at_risk' }), thursday)).items[0];
    expect(listed?.sla?.resolution).toMatchObject({ state: 'at_risk', dueAt: '2026-03-20T10:00:00.000Z' });

    // Over HTTP, at the real clock: everything filed in March is long overdue, the paused and the declined aside.
    const page = await s.clients.marketer.inject({ method: 'GET', url: '/api/requests?sort=sla&slaState=breached' });
    expect(page.statusCode).toBe(200);
    expect(page.json().items.map((i: { id: string }) => i.id)).toEqual([old.id, urgent.id, friday.id, low.id]);
    expect(page.json().items[0].sla.resolution.state).toBe('breached');
    const rep = await s.clients.sales_rep.inject({ method: 'GET', url: '/api/requests?slaState=soon' });
    expect(rep.statusCode).toBe(400);
  });
});
