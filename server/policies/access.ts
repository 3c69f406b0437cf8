/**
 * Who may do what: the one place where roles meet permissions. Handlers never check roles.
 */
import type { Role } from '../../common/roles.js';

export const PERMISSIONS = [
  'people.read',
  'people.manage',
  'teams.read',
  'teams.manage',
  'accounts.read',
  'accounts.manage',
  'audit.read',
  'outbox.read',
  'requests.read',
  'requests.read_all',
  'requests.read_team',
  'requests.file',
  'requests.work',
  'requests.comment',
  'sla.read',
  'sla.manage',
  'surveys.read',
  'surveys.manage',
  'privacy.manage',
  'dashboard.read',
  'dashboard.read_breakdowns',
  'dashboard.read_own_team',
  'reports.read',
  'assets.read',
  'assets.publish',
  'action_plans.read',
  'action_plans.read_all',
  'action_plans.read_own_team',
  'action_plans.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route's rule: open to everyone, to any signed-in person, or to holders of a permission. */
export type AccessRule = 'public' | 'signed_in' | Permission;

const everyone: Permission[] = ['teams.read', 'accounts.read', 'requests.read'];
const leadership: Permission[] = [...everyone, 'people.read'];
/** Sales files requests and talks about them; it sees its own (a lead: the team's). */
const salesRequests: Permission[] = ['requests.file', 'requests.comment', 'assets.read'];
/** Marketing works the whole queue and sees internal notes. */
const marketingRequests: Permission[] = [
  'requests.read_all',
  'requests.work',
  'requests.comment',
  'sla.read',
  'assets.read',
  'assets.publish',
];
/** Admins and executives oversee requests but neither file them nor work them (DESIGN.md, "Who uses it"). */
const notForAdmins: ReadonlySet<Permission> = new Set([
  // Admins see every group of the dashboard; the own-team limit is a sales lead's.
  'dashboard.read_own_team',
  'action_plans.read_own_team',
  'requests.read_team',
  'requests.file',
  'requests.work',
  'requests.comment',
  // The library belongs to sales and marketing.
  'assets.read',
  'assets.publish',
]);

/** The trust dashboard: every group, the organisation level only (marketers), or a sales lead's own team. */
const dashboardGrants: Record<Role, Permission[]> = {
  admin: [],
  executive: ['dashboard.read', 'dashboard.read_breakdowns'],
  marketing_lead: ['dashboard.read', 'dashboard.read_breakdowns'],
  marketer: ['dashboard.read'],
  sales_lead: ['dashboard.read', 'dashboard.read_own_team'],
  sales_rep: [],
};

/**
 * Action plans: marketing leads (and admins) make and edit them; executives read all; a sales lead reads
 * the organisation-wide ones and those of their team; a marketer the organisation-wide ones. Anyone
 * reads the plans they own (see canReadActionPlan).
 */
const actionPlanGrants: Record<Role, Permission[]> = {
  admin: [],
  executive: ['action_plans.read', 'action_plans.read_all'],
  marketing_lead: ['action_plans.read', 'action_plans.read_all', 'action_plans.manage'],
  marketer: ['action_plans.read'],
  sales_lead: ['action_plans.read', 'action_plans.read_own_team'],
  sales_rep: [],
};

const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS.filter((p) => !notForAdmins.has(p))),
  executive: new Set([
    ...dashboardGrants.executive,
    ...actionPlanGrants.executive,
    ...leadership,
    'requests.read_all',
    'surveys.read',
  ]),
  marketing_lead: new Set([
    ...dashboardGrants.marketing_lead,
    ...actionPlanGrants.marketing_lead,
    ...leadership,
    ...marketingRequests,
    'surveys.read',
    'surveys.manage',
    'reports.read',
  ]),
  marketer: new Set([
    ...dashboardGrants.marketer,
    ...actionPlanGrants.marketer,
    ...leadership,
    ...marketingRequests,
    'surveys.read',
  ]),
  sales_lead: new Set([
    ...dashboardGrants.sales_lead,
    ...actionPlanGrants.sales_lead,
    ...leadership,
    ...salesRequests,
    'requests.read_team',
    'surveys.read',
  ]),
  sales_rep: new Set([...everyone, ...salesRequests]),
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].has(permission);
}

export function allows(rule: AccessRule, role: Role | null): boolean {
  if (rule === 'public') return true;
  if (role === null) return false;
  if (rule === 'signed_in') return true;
  return can(role, rule);
}

/** Which groups of the dashboard a role may look at. */
export type DashboardScope = 'every_group' | 'own_team' | 'organisation_only';

export function dashboardScopeOf(role: Role): DashboardScope | null {
  if (!can(role, 'dashboard.read')) return null;
  if (can(role, 'dashboard.read_breakdowns')) return 'every_group';
  if (can(role, 'dashboard.read_own_team')) return 'own_team';
  return 'organisation_only';
}

/** A plan as the policy sees it: its scope and its owner. */
export interface ActionPlanSubject {
  readonly teamId: string | null;
  readonly ownerId: string | null;
}
export interface ActionPlanViewer {
  readonly userId: string;
  readonly role: Role;
  readonly teamId: string | null;
}

export function canReadActionPlan(viewer: ActionPlanViewer, plan: ActionPlanSubject): boolean {
  if (!can(viewer.role, 'action_plans.read')) return false;
  if (can(viewer.role, 'action_plans.read_all')) return true;
  if (plan.teamId === null || plan.ownerId === viewer.userId) return true;
  return can(viewer.role, 'action_plans.read_own_team') && viewer.teamId !== null && plan.teamId === viewer.teamId;
}

/** The plans a list shows: every plan, or the organisation-wide ones, the owned ones and (a sales lead) the team's. */
export function actionPlanVisibilityOf(
  viewer: ActionPlanViewer,
): { kind: 'all' } | { kind: 'limited'; userId: string; teamId: string | null } {
  if (can(viewer.role, 'action_plans.read_all')) return { kind: 'all' };
  const teamId = can(viewer.role, 'action_plans.read_own_team') ? viewer.teamId : null;
  return { kind: 'limited', userId: viewer.userId, teamId };
}

/** Title, driver, scope, owner, due date and step texts: marketing leads and admins only. */
export function canEditActionPlan(viewer: ActionPlanViewer): boolean {
  return can(viewer.role, 'action_plans.manage');
}

/** Status and ticking steps off: also the owner, who carries the plan out. */
export function canUpdateActionPlanProgress(viewer: ActionPlanViewer, plan: ActionPlanSubject): boolean {
  return canEditActionPlan(viewer) || (plan.ownerId === viewer.userId && can(viewer.role, 'action_plans.read'));
}
