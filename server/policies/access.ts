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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route's rule: open to everyone, to any signed-in person, or to holders of a permission. */
export type AccessRule = 'public' | 'signed_in' | Permission;

const everyone: Permission[] = ['teams.read', 'accounts.read'];
const leadership: Permission[] = [...everyone, 'people.read'];

const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  executive: new Set(leadership),
  marketing_lead: new Set(leadership),
  marketer: new Set(leadership),
  sales_lead: new Set(leadership),
  sales_rep: new Set(everyone),
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
