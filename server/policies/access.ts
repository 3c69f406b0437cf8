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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route's rule: open to everyone, to any signed-in person, or to holders of a permission. */
export type AccessRule = 'public' | 'signed_in' | Permission;

const everyone: Permission[] = ['teams.read', 'accounts.read', 'requests.read'];
const leadership: Permission[] = [...everyone, 'people.read'];
/** Sales files requests and talks about them; it sees its own (a lead: the team's). */
const salesRequests: Permission[] = ['requests.file', 'requests.comment'];
/** Marketing works the whole queue and sees internal notes. */
const marketingRequests: Permission[] = ['requests.read_all', 'requests.work', 'requests.comment', 'sla.read'];
/** Admins and executives oversee requests but neither file them nor work them (DESIGN.md, "Who uses it"). */
const notForAdmins: ReadonlySet<Permission> = new Set([
  'requests.read_team',
  'requests.file',
  'requests.work',
  'requests.comment',
]);

const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS.filter((p) => !notForAdmins.has(p))),
  executive: new Set([...leadership, 'requests.read_all', 'surveys.read']),
  marketing_lead: new Set([...leadership, ...marketingRequests, 'surveys.read', 'surveys.manage']),
  marketer: new Set([...leadership, ...marketingRequests, 'surveys.read']),
  sales_lead: new Set([...leadership, ...salesRequests, 'requests.read_team', 'surveys.read']),
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
