/**
 * The access matrix: every API route × every role, anonymous, and a person of another organisation.
 * The table below is the intended rule of each route. A route that is registered but missing from the
 * table (or the other way round) fails the test, so new routes must join the matrix.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/roles.js';
import { createAccount, createOrganisation, createRequest, createTeam, createUser, signedInClient } from '../test/factories.js';
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

describeEachDialect('access matrix', (ctx) => {
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

  it('answers every route × role with the expected status, and never crosses organisations', async () => {
    const { app, database } = ctx();
    const db = database.db;
    const home = await createOrganisation(db);
    const other = await createOrganisation(db);
    const otherAdmin = await createUser(db, other.id, { role: 'admin' });
    const people: Record<Role, Awaited<ReturnType<typeof createUser>>> = {} as never;
    for (const role of ROLES) people[role] = await createUser(db, home.id, { role });

    const failures: string[] = [];
    for (const route of app.apiRoutes) {
      // Fresh objects per route: some routes change or end what they touch.
      const team = await createTeam(db, home.id);
      const target = await createUser(db, home.id, { status: 'invited' });
      const account = await createAccount(db, home.id);
      const filed = await createRequest(db, home.id, { requesterId: people.sales_rep.id });
      const url = route.url
        .replace(':token', randomUUID())
        .replace(':typeId', filed.typeId)
        .replace(':priority', 'normal')
        .replace(
          ':id',
          route.url.startsWith('/api/teams')
            ? team.id
            : route.url.startsWith('/api/accounts')
              ? account.id
              : route.url.startsWith('/api/requests')
                ? filed.id
                : route.url.startsWith('/api/request-types')
                  ? filed.typeId
                  : target.id,
        );
      const request = { method: route.method as 'GET', url, payload: route.method === 'GET' ? undefined : {} };
      const key = `${route.method} ${route.url}`;

      const anonymous = await app.inject({ ...request, remoteAddress: '10.9.9.9' });
      const anonymousDenied = anonymous.statusCode === 401;
      if (route.access === 'public' ? anonymousDenied : !anonymousDenied)
        failures.push(`${key} anonymous → ${anonymous.statusCode}`);

      for (const role of ROLES) {
        const client = await signedInClient(app, db, people[role]);
        const response = await client.inject({ ...request, remoteAddress: '10.9.9.9' });
        const denied = response.statusCode === 401 || response.statusCode === 403;
        const allowed = expectedAllowed(route.access, role);
        if (allowed === denied)
          failures.push(`${key} ${role} → ${response.statusCode} (${allowed ? 'should be allowed' : 'should be denied'})`);
      }

      if (route.url.includes(':id') || route.url.includes(':typeId')) {
        const stranger = await signedInClient(app, db, otherAdmin);
        // A current If-Match, so that updates reach the organisation check instead of stopping at the precondition.
        const response = await stranger.inject({ ...request, remoteAddress: '10.9.9.9', headers: { 'if-match': '"1"' } });
        // 404 (not in your organisation), or a refusal before the lookup (validation); never a success.
        if (response.statusCode < 400 || response.statusCode >= 500)
          failures.push(`${key} other organisation → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
