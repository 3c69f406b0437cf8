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
  | 'surveys.manage';

const everyone: UiPermission[] = ['teams.read', 'accounts.read', 'requests.read'];
const leadership: UiPermission[] = [...everyone, 'people.read'];
const all: UiPermission[] = [...leadership, 'people.manage', 'teams.manage', 'accounts.manage', 'audit.read', 'outbox.read'];
/** Sales files requests (a lead also sees the team's); marketing works the queue. Admins and executives only read. */
const sales: UiPermission[] = ['requests.file'];
const marketing: UiPermission[] = ['requests.work'];

const grants: Record<Role, ReadonlySet<UiPermission>> = {
  admin: new Set([...all, 'surveys.read', 'surveys.manage']),
  executive: new Set([...leadership, 'surveys.read']),
  marketing_lead: new Set([...leadership, ...marketing, 'surveys.read', 'surveys.manage']),
  marketer: new Set([...leadership, ...marketing, 'surveys.read']),
  sales_lead: new Set([...leadership, ...sales, 'requests.read_team', 'surveys.read']),
  sales_rep: new Set([...everyone, ...sales]),
};

export function can(role: Role, permission: UiPermission): boolean {
  return grants[role].has(permission);
}
