/**
 * Request reports against a small data set whose every figure is worked out by hand below. The default
 * business calendar applies: Europe/Berlin (CEST, UTC+2, in June and July 2026), Monday–Friday
 * 08:00–17:00, i.e. 9 business hours a day, and the default normal-priority targets: first response
 * 8 business hours, resolution 40 business hours. Times are written in UTC; "08:00" in the comments is
 * Berlin time.
 *
 *  R0 lead list, team A, filed Sun 31 May 23:30 (21:30Z): May in Berlin, outside June–July.
 *  R7 lead list, team A, filed Mon 1 June 00:30 (31 May 22:30Z): May in UTC but June in Berlin, so it
 *     belongs to June. Never answered: both clocks breached by now → first response missed, resolution
 *     missed, no durations.
 *  R1 collateral, team A, filed Mon 1 June 08:00, accepted 10:00 (first response 2 h, met), delivered
 *     Wed 3 June 10:00 (Mon 9 h + Tue 9 h + Wed 2 h = 20 h, met). Rated 5 with extra mile.
 *  R2 collateral, team B, filed Tue 2 June 09:00, accepted Wed 3 June 09:00 (Tue 8 h + Wed 1 h = 9 h,
 *     missed), waiting for sales Wed 12:00 until Fri 5 June 12:00 (paused, not counted), delivered
 *     Mon 15 June 12:00: 8 h + 4 h before the pause, Fri 5 h + 5 × 9 h + Mon 4 h after = 66 h, missed.
 *     Rated 2, no extra mile.
 *  R3 event support, team A, filed Thu 2 July 08:00, declined 12:00: both clocks stop at 4 h, met.
 *  R4 event support, team A, filed Mon 6 July 08:00, never answered: both missed (breached), no durations.
 *  R5 collateral, team B, filed Tue 7 July 08:00, accepted 14:00 (6 h, met), delivered Mon 13 July
 *     17:00 (Tue–Fri 4 × 9 h + Mon 9 h = 45 h, missed). Rated 4 with extra mile.
 * Another organisation files a request in June too; it never shows up.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { RequestStatus, RequestTypeKey } from '../../../common/api/contracts.js';
import type { RequestReport, RequestReportFigures } from '../../../common/api/reports.js';
import { ROLES } from '../../../common/roles.js';
import type { Tables } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import {
  type Client,
  createOrganisation,
  createOrganisationWithRoles,
  createRequest,
  createTeam,
  createUser,
  signedInClient,
} from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { fileRequest, getRequest, rateRequest, transitionRequest, type Viewer } from '../requests/requests.service.js';

const at = (iso: string) => ({ now: new Date(iso) });

async function setUp(app: FastifyInstance, db: Kysely<Tables>) {
  const { organisation, team: teamA, clients } = await createOrganisationWithRoles(app, db);
  const teamB = await createTeam(db, organisation.id);
  const repB = await createUser(db, organisation.id, { role: 'sales_rep', teamId: teamB.id });
  const viewerOf = (user: { id: string; role: Viewer['role'] }, teamId: string | null): Viewer => ({
    userId: user.id,
    organisationId: organisation.id,
    role: user.role,
    teamId,
  });
  const viewers = {
    repA: viewerOf(clients.sales_rep.user, teamA.id),
    repB: viewerOf(repB, teamB.id),
    marketer: viewerOf(clients.marketer.user, null),
  };
  const types = (await clients.marketer.inject({ method: 'GET', url: '/api/request-types' })).json() as {
    id: string;
    key: RequestTypeKey;
  }[];
  const typeId = (key: RequestTypeKey) => types.find((t) => t.key === key)?.id as string;
  return { organisation, teamA, teamB, clients, viewers, typeId };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

async function file(deps: AppDeps, s: Setup, filer: Viewer, key: RequestTypeKey, iso: string) {
  const filed = await fileRequest(
    deps,
    filer,
    { typeId: s.typeId(key), title: `Filed ${iso}`, description: '', accountId: null, dueOn: null, priority: 'normal' },
    at(iso),
  );
  return filed.id;
}

async function move(deps: AppDeps, actor: Viewer, id: string, to: RequestStatus, iso: string, reason?: string) {
  const current = await getRequest(deps, actor, id, at(iso));
  await transitionRequest(deps, actor, id, current.version, { to, ...(reason ? { reason } : {}) }, at(iso));
}

async function buildDataSet(deps: AppDeps, s: Setup) {
  const { repA, repB, marketer } = s.viewers;
  await file(deps, s, repA, 'lead_list', '2026-05-31T21:30:00Z'); // R0
  await file(deps, s, repA, 'lead_list', '2026-05-31T22:30:00Z'); // R7

  const r1 = await file(deps, s, repA, 'collateral', '2026-06-01T06:00:00Z');
  await move(deps, marketer, r1, 'accepted', '2026-06-01T08:00:00Z');
  await move(deps, marketer, r1, 'delivered', '2026-06-03T08:00:00Z');
  await rateRequest(deps, repA, r1, { score: 5, extraMile: true }, at('2026-06-03T09:00:00Z'));

  const r2 = await file(deps, s, repB, 'collateral', '2026-06-02T07:00:00Z');
  await move(deps, marketer, r2, 'accepted', '2026-06-03T07:00:00Z');
  await move(deps, marketer, r2, 'waiting_for_sales', '2026-06-03T10:00:00Z');
  await move(deps, repB, r2, 'in_progress', '2026-06-05T10:00:00Z');
  await move(deps, marketer, r2, 'delivered', '2026-06-15T10:00:00Z');
  await rateRequest(deps, repB, r2, { score: 2, extraMile: false }, at('2026-06-15T11:00:00Z'));

  const r3 = await file(deps, s, repA, 'event_support', '2026-07-02T06:00:00Z');
  await move(deps, marketer, r3, 'declined', '2026-07-02T10:00:00Z', 'No event budget this quarter.');

  await file(deps, s, repA, 'event_support', '2026-07-06T06:00:00Z'); // R4

  const r5 = await file(deps, s, repB, 'collateral', '2026-07-07T06:00:00Z');
  await move(deps, marketer, r5, 'accepted', '2026-07-07T12:00:00Z');
  await move(deps, marketer, r5, 'delivered', '2026-07-13T15:00:00Z');
  await rateRequest(deps, repB, r5, { score: 4, extraMile: true }, at('2026-07-13T16:00:00Z'));
}

/** Figures written out: counts, first response and resolution as [met, missed, pending, share, median h]. */
function figures(
  requests: number,
  fr: [number, number, number, number | null, number | null],
  res: [number, number, number, number | null, number | null],
  ratings: number,
  ratingAverage: number | null,
  extraMiles: number,
): RequestReportFigures {
  const target = ([met, missed, pending, shareMet, medianBusinessHours]: typeof fr) => ({
    met,
    missed,
    pending,
    shareMet,
    medianBusinessHours,
  });
  return { requests, firstResponse: target(fr), resolution: target(res), ratings, ratingAverage, extraMiles };
}

// Totals over R1, R2, R3, R4, R5, R7. First response: met R1 2 h, R3 4 h, R5 6 h; missed R2 9 h, R4, R7;
// share 3/6; durations 2, 4, 6, 9 → median (4 + 6) / 2 = 5. Resolution: met R1 20 h, R3 4 h; missed
// R2 66 h, R5 45 h, R4, R7; share 2/6; durations 4, 20, 45, 66 → median (20 + 45) / 2 = 32.5.
// Ratings 5, 2, 4 → mean 11/3; extra miles R1, R5.
const TOTALS = figures(6, [3, 3, 0, 0.5, 5], [2, 4, 0, 0.3333, 32.5], 3, 3.67, 2);

const reportUrl = (query: string) => `/api/reports/requests?${query}`;

async function report(client: Client, query: string): Promise<RequestReport> {
  const response = await client.inject({ method: 'GET', url: reportUrl(query) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RequestReport;
}

describeEachDialect('request reports', (ctx) => {
  it('computes the figures by request type, with totals, from the SLA clocks and ratings', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    await buildDataSet(deps, s);
    const other = await createOrganisation(database.db);
    const stranger = await createUser(database.db, other.id, { role: 'sales_rep' });
    await createRequest(database.db, other.id, { requesterId: stranger.id });

    const byType = await report(s.clients.marketing_lead, 'from=2026-06&to=2026-07&groupBy=type');
    expect(byType).toMatchObject({ from: '2026-06', to: '2026-07', groupBy: 'type', timeZone: 'Europe/Berlin' });
    expect(byType.rows.map((r) => r.group.key)).toEqual(['collateral', 'event_support', 'lead_list']);
    expect(byType.rows[0]?.group.name).toEqual({ de: 'Vertriebsmaterial', en: 'Collateral' });
    // Collateral R1, R2, R5: first response met R1 2 h, R5 6 h, missed R2 9 h → 2/3, median 6;
    // resolution met R1 20 h, missed R2 66 h, R5 45 h → 1/3, median 45; ratings 5, 2, 4 → 11/3.
    expect(byType.rows[0]?.figures).toEqual(figures(3, [2, 1, 0, 0.6667, 6], [1, 2, 0, 0.3333, 45], 3, 3.67, 2));
    // Event support R3 (4 h, 4 h, both met), R4 (both breached) → 1/2 each, medians of one value 4.
    expect(byType.rows[1]?.figures).toEqual(figures(2, [1, 1, 0, 0.5, 4], [1, 1, 0, 0.5, 4], 0, null, 0));
    // Lead list R7 only, both breached: share 0, no stopped clock, no median.
    expect(byType.rows[2]?.figures).toEqual(figures(1, [0, 1, 0, 0, null], [0, 1, 0, 0, null], 0, null, 0));
    expect(byType.totals).toEqual(TOTALS);
  });

  it('groups by the requester’s team and by month in the calendar’s time zone, with the same totals', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    await buildDataSet(deps, s);

    const byTeam = await report(s.clients.admin, 'from=2026-06&to=2026-07&groupBy=team');
    const team = (id: string) => byTeam.rows.find((r) => r.group.key === id);
    expect(byTeam.rows).toHaveLength(2);
    expect(team(s.teamA.id)?.group.name).toEqual({ de: s.teamA.name, en: s.teamA.name });
    // Team A R1, R3, R4, R7: first response met 2 h, 4 h, missed R4, R7 → median 3; resolution met
    // 20 h, 4 h, missed R4, R7 → median 12; one rating 5 with extra mile.
    expect(team(s.teamA.id)?.figures).toEqual(figures(4, [2, 2, 0, 0.5, 3], [2, 2, 0, 0.5, 12], 1, 5, 1));
    // Team B R2, R5: first response 9 h missed, 6 h met → median 7.5; resolution 66 h and 45 h, both
    // missed → median 55.5; ratings 2 and 4 → 3.
    expect(team(s.teamB.id)?.figures).toEqual(figures(2, [1, 1, 0, 0.5, 7.5], [0, 2, 0, 0, 55.5], 2, 3, 1));
    expect(byTeam.totals).toEqual(TOTALS);

    const byMonth = await report(s.clients.marketing_lead, 'from=2026-05&to=2026-08&groupBy=month');
    expect(byMonth.rows.map((r) => r.group.key)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08']);
    // May: R0 alone (23:30 Berlin on 31 May), never answered.
    expect(byMonth.rows[0]?.figures).toEqual(figures(1, [0, 1, 0, 0, null], [0, 1, 0, 0, null], 0, null, 0));
    // June R1, R2, R7: first response met 2 h, missed 9 h and R7 → 1/3, median 5.5; resolution met 20 h,
    // missed 66 h and R7 → 1/3, median 43; ratings 5, 2 → 3.5.
    expect(byMonth.rows[1]?.figures).toEqual(figures(3, [1, 2, 0, 0.3333, 5.5], [1, 2, 0, 0.3333, 43], 2, 3.5, 1));
    // July R3, R4, R5: first response met 4 h, 6 h, missed R4 → 2/3, median 5; resolution met 4 h,
    // missed 45 h and R4 → 1/3, median 24.5; rating 4 with extra mile.
    expect(byMonth.rows[2]?.figures).toEqual(figures(3, [2, 1, 0, 0.6667, 5], [1, 2, 0, 0.3333, 24.5], 1, 4, 1));
    // A month without requests is listed with zeros, so a chart over time has no gap.
    expect(byMonth.rows[3]?.figures).toEqual(figures(0, [0, 0, 0, null, null], [0, 0, 0, null, null], 0, null, 0));
    expect(byMonth.totals.requests).toBe(7);
  });

  it('counts a request that is still within its targets as pending, and a request without team apart', async () => {
    const { app, database } = ctx();
    const s = await setUp(app, database.db);
    const loner = await signedInClient(app, database.db, await createUser(database.db, s.organisation.id, { role: 'sales_rep' }));
    const filed = await loner.inject({
      method: 'POST',
      url: '/api/requests',
      payload: { typeId: s.typeId('training'), title: 'Onboarding deck', description: '', priority: 'normal' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);

    const byTeam = await report(s.clients.marketing_lead, `from=${month}&to=${month}&groupBy=team`);
    expect(byTeam.rows).toEqual([
      { group: { key: 'none', name: null }, figures: figures(1, [0, 0, 1, null, null], [0, 0, 1, null, null], 0, null, 0) },
    ]);
  });

  it('exports the report as CSV with stable column ids, a total row, and decimal commas with semicolons', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    await buildDataSet(deps, s);

    const comma = await s.clients.marketing_lead.inject({
      method: 'GET',
      url: '/api/reports/requests/export.csv?from=2026-06&to=2026-07&groupBy=type',
    });
    expect(comma.statusCode).toBe(200);
    expect(comma.headers['content-type']).toContain('text/csv');
    expect(comma.headers['content-disposition']).toMatch(/attachment; filename="request-report-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(comma.body.startsWith('\uFEFF')).toBe(true);
    expect(comma.body.slice(1).split('\r\n')).toEqual([
      'group,requests,first_response_met,first_response_missed,first_response_pending,first_response_met_percent,' +
        'first_response_median_business_hours,resolution_met,resolution_missed,resolution_pending,resolution_met_percent,' +
        'resolution_median_business_hours,ratings,rating_average,extra_miles',
      'collateral,3,2,1,0,66.67,6,1,2,0,33.33,45,3,3.67,2',
      'event_support,2,1,1,0,50,4,1,1,0,50,4,0,,0',
      'lead_list,1,0,1,0,0,,0,1,0,0,,0,,0',
      'total,6,3,3,0,50,5,2,4,0,33.33,32.5,3,3.67,2',
      '',
    ]);

    const semicolon = await s.clients.admin.inject({
      method: 'GET',
      url: '/api/reports/requests/export.csv?from=2026-06&to=2026-07&groupBy=team&separator=semicolon',
    });
    expect(semicolon.statusCode).toBe(200);
    const lines = semicolon.body.slice(1).split('\r\n');
    expect(lines[0]?.split(';')).toHaveLength(15);
    expect(lines).toContain(`${s.teamB.name};2;1;1;0;50;7,5;0;2;0;0;55,5;2;3;1`);
    expect(lines).toContain('total;6;3;3;0;50;5;2;4;0;33,33;32,5;3;3,67;2');
  });

  it('refuses malformed, reversed and too long ranges and unknown groupings with 400', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const cases: [string, string][] = [
      ['to=2026-07', 'from'],
      ['from=2026-7&to=2026-07', 'from'],
      ['from=2026-13&to=2027-01', 'from'],
      ['from=2026-06&to=2026-07&groupBy=priority', 'groupBy'],
      ['from=2026-07&to=2026-06', 'to'],
      ['from=2024-01&to=2026-01', 'to'],
    ];
    for (const [query, path] of cases) {
      for (const url of [reportUrl(query), `/api/reports/requests/export.csv?${query}`]) {
        const response = await clients.marketing_lead.inject({ method: 'GET', url });
        expect(response.statusCode, `${url} ${response.body}`).toBe(400);
        const error = response.json().error;
        expect(error.code).toBe('validation_failed');
        expect(error.details[0].path, url).toBe(path);
      }
    }
    // Exactly 24 months is allowed.
    await report(clients.marketing_lead, 'from=2024-02&to=2026-01&groupBy=month');
  });

  it('opens the report to marketing leads and admins only, each within their own organisation', async () => {
    const { app, database, deps } = ctx();
    const s = await setUp(app, database.db);
    await buildDataSet(deps, s);
    const query = 'from=2026-06&to=2026-07&groupBy=month';
    for (const role of ROLES) {
      const response = await s.clients[role].inject({ method: 'GET', url: reportUrl(query) });
      expect(response.statusCode, role).toBe(role === 'admin' || role === 'marketing_lead' ? 200 : 403);
    }
    expect((await app.inject({ method: 'GET', url: reportUrl(query) })).statusCode).toBe(401);

    // The other organisation's lead sees none of the six requests.
    const other = await createOrganisationWithRoles(app, database.db);
    const theirs = await report(other.clients.marketing_lead, query);
    expect(theirs.totals).toEqual(figures(0, [0, 0, 0, null, null], [0, 0, 0, null, null], 0, null, 0));
    const theirCsv = await other.clients.admin.inject({ method: 'GET', url: `/api/reports/requests/export.csv?${query}` });
    expect(theirCsv.body).toContain('total,0,0,0,0,,,0,0,0,,,0,,0');
  });
});
