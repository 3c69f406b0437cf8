/**
 * The access matrix: every API route × every role, anonymous, and a person of another organisation.
 * The table below is the intended rule of each route. A route that is registered but missing from the
 * table (or the other way round) fails the test, so new routes must join the matrix.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/roles.js';
import { nowIso } from '../db/database.js';
import { multipartFile, PDF_BYTES } from '../features/attachments/multipart.fixture.js';
import {
  type Client,
  createAccount,
  createOrganisation,
  createRequest,
  createTeam,
  createUser,
  signedInClient,
  type TestUser,
} from '../test/factories.js';
import { describeEachDialect } from '../test/harness.js';
import { type AccessRule, allows } from './access.js';

const EXPECTED: Record<string, AccessRule> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/setup': 'public',
  'POST /api/setup': 'public',
  'POST /api/setup/demo': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/session': 'signed_in',
  'POST /api/auth/password-reset/request': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'GET /api/auth/invitations/:token': 'public',
  'POST /api/auth/invitations/accept': 'public',
  'PATCH /api/profile': 'signed_in',
  'POST /api/profile/password': 'signed_in',
  'GET /api/people': 'people.read',
  'POST /api/people': 'people.manage',
  'GET /api/people/export.csv': 'people.manage',
  'POST /api/people/import': 'people.manage',
  'GET /api/people/:id': 'people.read',
  'PATCH /api/people/:id': 'people.manage',
  'POST /api/people/:id/deactivate': 'people.manage',
  'POST /api/people/:id/reactivate': 'people.manage',
  'POST /api/people/:id/invite': 'people.manage',
  'GET /api/accounts': 'accounts.read',
  'POST /api/accounts': 'accounts.manage',
  'GET /api/accounts/export.csv': 'accounts.manage',
  'POST /api/accounts/import': 'accounts.manage',
  'GET /api/accounts/:id': 'accounts.read',
  'PATCH /api/accounts/:id': 'accounts.manage',
  'GET /api/teams': 'teams.read',
  'POST /api/teams': 'teams.manage',
  'GET /api/teams/:id': 'teams.read',
  'PATCH /api/teams/:id': 'teams.manage',
  'GET /api/settings/privacy': 'signed_in',
  'PUT /api/settings/privacy': 'privacy.manage',
  'POST /api/survey-cycles': 'surveys.manage',
  'GET /api/survey-cycles': 'surveys.read',
  'GET /api/survey-cycles/:id': 'surveys.read',
  'PATCH /api/survey-cycles/:id': 'surveys.manage',
  'DELETE /api/survey-cycles/:id': 'surveys.manage',
  'POST /api/survey-cycles/:id/close': 'surveys.manage',
  'GET /api/survey-cycles/:id/results': 'surveys.read',
  'GET /api/survey-cycles/:id/comments': 'surveys.read',
  'POST /api/survey-cycles/:id/reminders': 'surveys.manage',
  'GET /api/survey-schedules': 'surveys.read',
  'PUT /api/survey-schedules/:form': 'surveys.manage',
  'GET /api/my-surveys': 'signed_in',
  'POST /api/my-surveys/:id/link': 'signed_in',
  'GET /api/dashboard': 'dashboard.read',
  'GET /api/dashboard/export.csv': 'dashboard.read',
  'GET /api/answer/:token': 'public',
  'POST /api/answer/:token': 'public',
  'GET /api/audit': 'audit.read',
  'GET /api/outbox': 'outbox.read',
  'GET /api/request-types': 'requests.read',
  'POST /api/request-types': 'sla.manage',
  'PATCH /api/request-types/:id': 'sla.manage',
  'GET /api/requests': 'requests.read',
  'POST /api/requests': 'requests.file',
  'GET /api/requests/:id': 'requests.read',
  'POST /api/requests/:id/transitions': 'requests.read',
  'PATCH /api/requests/:id/assignment': 'requests.work',
  'POST /api/requests/:id/comments': 'requests.comment',
  'POST /api/requests/:id/watchers/me': 'requests.read',
  'DELETE /api/requests/:id/watchers/me': 'requests.read',
  'POST /api/requests/:id/rating': 'requests.file',
  'PUT /api/requests/:id/rating': 'requests.file',
  'GET /api/requests/:id/attachments': 'requests.read',
  'POST /api/requests/:id/attachments': 'requests.comment',
  'POST /api/asset-files': 'assets.publish',
  'GET /api/attachments/:id': 'requests.read',
  'DELETE /api/attachments/:id': 'requests.read',
  'GET /api/assets': 'assets.read',
  'GET /api/asset-tags': 'assets.read',
  'POST /api/assets': 'assets.publish',
  'GET /api/assets/:id': 'assets.read',
  'GET /api/assets/:id/file': 'assets.read',
  'POST /api/assets/:id/reuses': 'assets.read',
  'GET /api/suggestions': 'requests.file',
  'GET /api/settings/business-calendar': 'signed_in',
  'PUT /api/settings/business-calendar': 'sla.manage',
  'GET /api/settings/business-calendar/holidays': 'signed_in',
  'GET /api/sla-policies': 'sla.read',
  'PUT /api/sla-policies/:typeId/:priority': 'sla.manage',
  'DELETE /api/sla-policies/:typeId/:priority': 'sla.manage',
  'GET /api/notifications': 'signed_in',
  'POST /api/notifications/:id/read': 'signed_in',
  'POST /api/notifications/read-all': 'signed_in',
  'GET /api/notifications/preferences': 'signed_in',
  'PUT /api/notifications/preferences': 'signed_in',
  'GET /api/reports/requests': 'reports.read',
  'GET /api/reports/requests/export.csv': 'reports.read',
  'GET /api/action-plans': 'action_plans.read',
  'POST /api/action-plans': 'action_plans.manage',
  'GET /api/action-plans/owner-options': 'action_plans.manage',
  'GET /api/action-plans/:id': 'action_plans.read',
  'PATCH /api/action-plans/:id': 'action_plans.read',
  'DELETE /api/action-plans/:id': 'action_plans.manage',
  'PUT /api/action-plans/:id/steps/:stepId': 'action_plans.read',
};

/** The intended permission holders, written out independently of the policy module's grants. */
const HOLDERS: Record<string, Role[]> = {
  'teams.read': [...ROLES],
  'teams.manage': ['admin'],
  'accounts.read': [...ROLES],
  'accounts.manage': ['admin'],
  'people.read': ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead'],
  'people.manage': ['admin'],
  'audit.read': ['admin'],
  'surveys.read': ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead'],
  'surveys.manage': ['admin', 'marketing_lead'],
  'dashboard.read': ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead'],
  'dashboard.read_breakdowns': ['admin', 'executive', 'marketing_lead'],
  'dashboard.read_own_team': ['sales_lead'],
  'privacy.manage': ['admin'],
  'outbox.read': ['admin'],
  'requests.read': [...ROLES],
  'requests.read_all': ['admin', 'executive', 'marketing_lead', 'marketer'],
  'requests.read_team': ['sales_lead'],
  'requests.file': ['sales_lead', 'sales_rep'],
  'requests.work': ['marketing_lead', 'marketer'],
  'requests.comment': ['marketing_lead', 'marketer', 'sales_lead', 'sales_rep'],
  'sla.read': ['admin', 'marketing_lead', 'marketer'],
  'sla.manage': ['admin'],
  'assets.read': ['marketing_lead', 'marketer', 'sales_lead', 'sales_rep'],
  'assets.publish': ['marketing_lead', 'marketer'],
  'reports.read': ['admin', 'marketing_lead'],
  'action_plans.read': ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead'],
  'action_plans.read_all': ['admin', 'executive', 'marketing_lead'],
  'action_plans.read_own_team': ['sales_lead'],
  'action_plans.manage': ['admin', 'marketing_lead'],
};

function expectedAllowed(rule: AccessRule, role: Role): boolean {
  if (rule === 'public' || rule === 'signed_in') return true;
  return HOLDERS[rule]?.includes(role) ?? false;
}

/** The widest role that may use a route: admin where it may, otherwise the first holder. */
function widestAllowedRole(rule: AccessRule): Role | undefined {
  return ROLES.includes('admin') && expectedAllowed(rule, 'admin') ? 'admin' : ROLES.find((role) => expectedAllowed(rule, role));
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Valid bodies for the writes on one object, so that a person of another organisation gets past validation
 * and meets the organisation check (a 400 would hide a missing check). Routes not listed take no body.
 */
const STRANGER_BODIES: Record<string, unknown> = {
  'PATCH /api/people/:id': { name: 'Stranger Name' },
  'PATCH /api/accounts/:id': { name: 'Stranger Account' },
  'PATCH /api/teams/:id': { name: 'Stranger Team' },
  'PATCH /api/survey-cycles/:id': { title: 'Stranger cycle' },
  'PATCH /api/request-types/:id': { nameDe: 'Fremd', nameEn: 'Foreign' },
  'POST /api/requests/:id/transitions': { to: 'accepted' },
  'PATCH /api/requests/:id/assignment': { assigneeId: null },
  'POST /api/requests/:id/comments': { body: 'A stranger writes' },
  'POST /api/requests/:id/rating': { score: 5, extraMile: false },
  'PUT /api/requests/:id/rating': { score: 5, extraMile: false },
  'POST /api/assets/:id/reuses': { via: 'used' },
  'PUT /api/sla-policies/:typeId/:priority': { firstResponseMinutes: 60, resolutionMinutes: 600 },
  'PATCH /api/action-plans/:id': { title: 'Stranger plan' },
  'PUT /api/action-plans/:id/steps/:stepId': { done: true },
};

/**
 * Refusals by a rule of the row rather than of the route: the route lets every reader of requests in, but
 * only the uploader and marketing delete an attachment (the rows here are uploaded by a sales rep).
 */
const ROW_RULE_REFUSALS: Record<string, Role[]> = {
  'DELETE /api/attachments/:id': ['admin', 'executive'],
};

/** Path parameters that name a row of an organisation (`:token` and `:form` do not). */
const namesARow = (url: string) => /:(id|typeId|stepId)\b/.test(url);

describeEachDialect('access matrix', (ctx) => {
  /** An organisation with one person per role; `as` signs one in afresh (the matrix signs sessions out). */
  async function homeOrganisation() {
    const { app, database } = ctx();
    const db = database.db;
    const home = await createOrganisation(db);
    const team = await createTeam(db, home.id);
    const people = {} as Record<Role, TestUser>;
    for (const role of ROLES)
      people[role] = await createUser(db, home.id, { role, teamId: role.startsWith('sales') ? team.id : null });
    const as = (role: Role) => signedInClient(app, db, people[role]);
    return { home, team, people, as };
  }
  type Home = Awaited<ReturnType<typeof homeOrganisation>>;

  async function created(response: { statusCode: number; body: string; json(): unknown }, what: string) {
    expect(response.statusCode, `${what}: ${response.body}`).toBeLessThan(300);
    return response.json() as Record<string, unknown>;
  }

  async function openCycle({ as, team }: Home, title?: string) {
    const body = await created(
      await (await as('admin')).inject({
        method: 'POST',
        url: '/api/survey-cycles',
        payload: { form: 'pulse', title, audienceTeamIds: [team.id], closesOn: inDays(7) },
      }),
      'survey cycle',
    );
    return body.id as string;
  }

  async function createPlan({ as, people }: Home, title = 'Take field ideas to the board') {
    const body = await created(
      await (await as('marketing_lead')).inject({
        method: 'POST',
        url: '/api/action-plans',
        payload: { title, driverId: 'AMB', ownerId: people.marketer.id, dueOn: inDays(30), steps: ['Collect ideas'] },
      }),
      'action plan',
    );
    return { id: body.id as string, stepId: (body.steps as { id: string }[])[0]?.id as string };
  }

  async function publishAsset({ as }: Home, title = 'Reference story') {
    const body = await created(
      await (await as('marketer')).inject({
        method: 'POST',
        url: '/api/assets',
        payload: { kind: 'link', title, url: 'https://intranet.example.test/asset', language: 'de' },
      }),
      'asset',
    );
    return body.id as string;
  }

  async function uploadAttachment({ as }: Home, requestId: string, fileName = 'Offer.pdf') {
    const body = await created(
      await (await as('sales_rep')).inject({
        method: 'POST',
        url: `/api/requests/${requestId}/attachments`,
        ...multipartFile(fileName, PDF_BYTES),
      }),
      'attachment',
    );
    return body.id as string;
  }

  async function notify({ home, people }: Home, text = 'A notification') {
    const id = randomUUID();
    await ctx()
      .database.db.insertInto('notifications')
      .values({
        id,
        organisation_id: home.id,
        user_id: people.sales_rep.id,
        kind: 'request_commented',
        payload: JSON.stringify({ requestId: randomUUID(), number: 1, title: text }),
        read_at: null,
        created_at: nowIso(),
      })
      .execute();
    return id;
  }

  /** Fresh rows of the home organisation for one route (some routes change or end what they touch). */
  async function urlFor(homeOrg: Home, routeUrl: string) {
    const db = ctx().database.db;
    const { home, people } = homeOrg;
    const filed = await createRequest(db, home.id, { requesterId: people.sales_rep.id, teamId: homeOrg.team.id });
    const rowId = async (): Promise<Record<string, string>> => {
      if (routeUrl.startsWith('/api/teams/')) return { id: (await createTeam(db, home.id)).id };
      if (routeUrl.startsWith('/api/accounts/')) return { id: (await createAccount(db, home.id)).id };
      if (routeUrl.startsWith('/api/people/')) return { id: (await createUser(db, home.id, { status: 'invited' })).id };
      if (routeUrl.startsWith('/api/requests/')) return { id: filed.id };
      if (routeUrl.startsWith('/api/request-types/')) return { id: filed.typeId };
      if (routeUrl.startsWith('/api/survey-cycles/') || routeUrl.startsWith('/api/my-surveys/'))
        return { id: await openCycle(homeOrg) };
      if (routeUrl.startsWith('/api/action-plans/')) return createPlan(homeOrg);
      if (routeUrl.startsWith('/api/assets/')) return { id: await publishAsset(homeOrg) };
      if (routeUrl.startsWith('/api/attachments/')) return { id: await uploadAttachment(homeOrg, filed.id) };
      if (routeUrl.startsWith('/api/notifications/')) return { id: await notify(homeOrg) };
      return {};
    };
    const row = namesARow(routeUrl) ? await rowId() : {};
    const url = routeUrl
      .replace(':token', randomUUID())
      .replace(':typeId', filed.typeId)
      .replace(':priority', 'normal')
      .replace(':form', 'pulse')
      .replace(':stepId', row.stepId ?? '')
      .replace(':id', row.id ?? '');
    // Every row parameter is filled with a real row, never left empty.
    expect(url, routeUrl).not.toMatch(/\/\/|\/$|:/);
    return url;
  }

  it('lists every registered API route with its intended rule', () => {
    const registered = ctx()
      .app.apiRoutes.map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(registered).toEqual(Object.keys(EXPECTED).sort());
    for (const route of ctx().app.apiRoutes)
      expect(route.access, `${route.method} ${route.url}`).toBe(EXPECTED[`${route.method} ${route.url}`]);
  });

  it('agrees with the policy module for every role and permission', () => {
    for (const [permission, holders] of Object.entries(HOLDERS)) {
      for (const role of ROLES)
        expect(allows(permission as AccessRule, role), `${role} ${permission}`).toBe(holders.includes(role));
    }
  });

  it('answers every route × role with the expected status, and a row of another organisation is not found', async () => {
    const { app, database } = ctx();
    const db = database.db;
    const homeOrg = await homeOrganisation();
    const other = await createOrganisation(db);
    const strangers = {} as Record<Role, Client>;
    for (const role of ROLES) strangers[role] = await signedInClient(app, db, await createUser(db, other.id, { role }));

    const failures: string[] = [];
    for (const route of app.apiRoutes) {
      const key = `${route.method} ${route.url}`;
      const url = await urlFor(homeOrg, route.url);
      const request = { method: route.method as 'GET', url, payload: route.method === 'GET' ? undefined : {} };

      // First the stranger, while the row is untouched: a role of the home organisation may end it below.
      const strangerRole = widestAllowedRole(route.access);
      if (namesARow(route.url) && strangerRole) {
        const body = STRANGER_BODIES[key];
        const upload = key === 'POST /api/requests/:id/attachments' ? multipartFile('Stranger.pdf', PDF_BYTES) : undefined;
        // A current If-Match, so that updates reach the organisation check instead of stopping at the precondition.
        const response = await strangers[strangerRole].inject({
          method: route.method as 'GET',
          url,
          remoteAddress: '10.9.9.9',
          payload: upload?.payload ?? (route.method === 'GET' ? undefined : (body ?? {})),
          headers: { 'if-match': '"1"', ...upload?.headers },
        });
        if (response.statusCode !== 404)
          failures.push(`${key} other organisation (${strangerRole}) → ${response.statusCode} ${response.body.slice(0, 160)}`);
      }

      const anonymous = await app.inject({ ...request, remoteAddress: '10.9.9.9' });
      const anonymousDenied = anonymous.statusCode === 401;
      if (route.access === 'public' ? anonymousDenied : !anonymousDenied)
        failures.push(`${key} anonymous → ${anonymous.statusCode}`);
      if (anonymous.statusCode >= 500)
        failures.push(`${key} anonymous → ${anonymous.statusCode} ${anonymous.body.slice(0, 160)}`);

      for (const role of ROLES) {
        const response = await (await homeOrg.as(role)).inject({ ...request, remoteAddress: '10.9.9.9' });
        const refusedByRow = response.statusCode === 403 && ROW_RULE_REFUSALS[key]?.includes(role);
        const denied = (response.statusCode === 401 || response.statusCode === 403) && !refusedByRow;
        const allowed = expectedAllowed(route.access, role);
        if (allowed === denied)
          failures.push(`${key} ${role} → ${response.statusCode} (${allowed ? 'should be allowed' : 'should be denied'})`);
        // An allowed role may be refused for what it sent (4xx), but the server never fails (5xx).
        if (response.statusCode >= 500) failures.push(`${key} ${role} → ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows no row of another organisation in any list, dashboard, report or export', async () => {
    const { app, database } = ctx();
    const db = database.db;
    const homeOrg = await homeOrganisation();
    const { home, people, team } = homeOrg;
    // A marker in every name of the home organisation; none of it may reach the other organisation.
    const marker = `Zyxmarker${randomUUID().slice(0, 8)}`;
    const markedTeam = await createTeam(db, home.id, { name: `${marker} team`, region: `${marker} region` });
    const markedPerson = await createUser(db, home.id, { name: `${marker} person`, teamId: markedTeam.id, role: 'sales_rep' });
    const account = await createAccount(db, home.id, { name: `${marker} account`, ownerId: markedPerson.id });
    const filed = await createRequest(db, home.id, {
      requesterId: people.sales_rep.id,
      teamId: team.id,
      title: `${marker} request`,
      assigneeId: people.marketer.id,
    });
    const cycleId = await openCycle(homeOrg, `${marker} cycle`);
    const plan = await createPlan(homeOrg, `${marker} plan`);
    const assetId = await publishAsset(homeOrg, `${marker} asset`);
    const attachmentId = await uploadAttachment(homeOrg, filed.id, `${marker}.pdf`);
    const notificationId = await notify(homeOrg, `${marker} notification`);
    await (await homeOrg.as('sales_rep')).inject({
      method: 'POST',
      url: `/api/requests/${filed.id}/comments`,
      payload: { body: `${marker} comment` },
    });
    const secrets = [
      marker,
      home.id,
      home.name,
      team.id,
      markedTeam.id,
      markedPerson.id,
      markedPerson.email,
      ...Object.values(people).flatMap((person) => [person.id, person.email]),
      account.id,
      filed.id,
      filed.typeId,
      cycleId,
      plan.id,
      plan.stepId,
      assetId,
      attachmentId,
      notificationId,
    ];

    // The home organisation itself sees its marked rows: the secrets are real, so their absence below means something.
    for (const [role, url] of [
      ['admin', '/api/people'],
      ['admin', '/api/teams'],
      ['admin', '/api/accounts'],
      ['admin', '/api/survey-cycles'],
      ['admin', '/api/action-plans'],
      ['marketer', '/api/requests'],
      ['marketer', '/api/assets'],
    ] as const) {
      const seen = await (await homeOrg.as(role)).inject({ method: 'GET', url });
      expect(seen.body, url).toContain(marker);
    }

    const other = await createOrganisation(db);
    const otherTeam = await createTeam(db, other.id);
    const failures: string[] = [];
    for (const route of app.apiRoutes) {
      if (route.method !== 'GET' || route.url.includes(':')) continue;
      const role = widestAllowedRole(route.access);
      if (!role) continue;
      const stranger = await signedInClient(
        app,
        db,
        await createUser(db, other.id, { role, teamId: role.startsWith('sales') ? otherTeam.id : null }),
      );
      // Searches get the marker as their text: a leak would match it.
      const url = route.url === '/api/suggestions' ? `${route.url}?text=${marker}%20request` : route.url;
      const response = await stranger.inject({ method: 'GET', url, remoteAddress: '10.9.9.9' });
      if (response.statusCode >= 500) failures.push(`GET ${route.url} ${role} → ${response.statusCode}`);
      for (const secret of secrets)
        if (response.body.includes(secret)) failures.push(`GET ${route.url} (${role} of another organisation) shows ${secret}`);
    }
    expect(failures).toEqual([]);
  });
});
