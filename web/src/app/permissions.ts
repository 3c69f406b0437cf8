/**
 * What the interface offers to each role. The server's policy module decides; this mirror only
 * hides what would be refused anyway.
 */
import type { Role } from '../../../common/roles';

export type UiPermission =
  | 'people.read'
  | 'people.manage'
  | 'teams.read'
  | 'teams.manage'
  | 'accounts.read'
  | 'accounts.manage'
  | 'audit.read'
  | 'outbox.read'
  | 'requests.read'
  | 'requests.read_team'
  | 'requests.file'
  | 'requests.work'
  | 'surveys.read'
  | 'surveys.manage'
  | 'assets.read'
  | 'assets.publish'
  | 'reports.read'
  | 'dashboard.read'
  | 'dashboard.read_breakdowns'
  | 'dashboard.read_own_team'
  | 'action_plans.read'
  | 'action_plans.manage'
  | 'sla.manage';

const everyone: UiPermission[] = ['teams.read', 'accounts.read', 'requests.read'];
const leadership: UiPermission[] = [...everyone, 'people.read'];
const all: UiPermission[] = [...leadership, 'people.manage', 'teams.manage', 'accounts.manage', 'audit.read', 'outbox.read'];
/** Sales files requests (a lead also sees the team's); marketing works the queue. Admins and executives only read. */
const sales: UiPermission[] = ['requests.file', 'assets.read'];
const marketing: UiPermission[] = ['requests.work', 'assets.read', 'assets.publish'];
/** The trust dashboard: every group, the organisation level only (marketers), or a sales lead's own team. */
const dashboard: UiPermission[] = ['dashboard.read', 'dashboard.read_breakdowns'];
const ownTeamDashboard: UiPermission[] = ['dashboard.read', 'dashboard.read_own_team'];
/** Action plans: marketing leads and admins make them; executives, marketers and sales leads read (their share). */
const readPlans: UiPermission[] = ['action_plans.read'];
const managePlans: UiPermission[] = ['action_plans.read', 'action_plans.manage'];

const grants: Record<Role, ReadonlySet<UiPermission>> = {
  admin: new Set([...all, ...dashboard, ...managePlans, 'surveys.read', 'surveys.manage', 'reports.read', 'sla.manage']),
  executive: new Set([...leadership, ...dashboard, ...readPlans, 'surveys.read']),
  marketing_lead: new Set([
    ...leadership,
    ...marketing,
    ...dashboard,
    ...managePlans,
    'surveys.read',
    'surveys.manage',
    'reports.read',
  ]),
  marketer: new Set([...leadership, ...marketing, ...readPlans, 'dashboard.read', 'surveys.read']),
  sales_lead: new Set([...leadership, ...sales, ...ownTeamDashboard, ...readPlans, 'requests.read_team', 'surveys.read']),
  sales_rep: new Set([...everyone, ...sales]),
};

export function can(role: Role, permission: UiPermission): boolean {
  return grants[role].has(permission);
}
