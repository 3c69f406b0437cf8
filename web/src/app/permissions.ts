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
  | 'outbox.read';

const everyone: UiPermission[] = ['teams.read', 'accounts.read'];
const leadership: UiPermission[] = [...everyone, 'people.read'];
const all: UiPermission[] = [...leadership, 'people.manage', 'teams.manage', 'accounts.manage', 'audit.read', 'outbox.read'];

const grants: Record<Role, ReadonlySet<UiPermission>> = {
  admin: new Set(all),
  executive: new Set(leadership),
  marketing_lead: new Set(leadership),
  marketer: new Set(leadership),
  sales_lead: new Set(leadership),
  sales_rep: new Set(everyone),
};

export function can(role: Role, permission: UiPermission): boolean {
  return grants[role].has(permission);
}
