/**
 * The API's request and response shapes, shared by the server (validation, OpenAPI) and the
 * web app (types). One schema per endpoint input; outputs are the presented API types.
 */
import { z } from 'zod';
import { ACCOUNT_TIERS, LOCALES, PERSON_STATUSES, ROLES, TEAM_KINDS } from '../roles.js';

export const roleSchema = z.enum(ROLES);
export const localeSchema = z.enum(LOCALES);
export const teamKindSchema = z.enum(TEAM_KINDS);
export const tierSchema = z.enum(ACCOUNT_TIERS);
export const personStatusSchema = z.enum(PERSON_STATUSES);

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
const personName = z.string().trim().min(1).max(120);
/** ASVS: at least 12 characters, long passphrases allowed, no composition rules. */
export const passwordSchema = z.string().min(12).max(128);
const isoDate = z.iso.date();
const id = z.uuid();

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  q: z.string().trim().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

// ---------- health ----------
export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

// ---------- setup ----------
export const setupStatusResponse = z.object({ needsSetup: z.boolean() });
export const setupBody = z.object({
  organisationName: z.string().trim().min(2).max(120),
  adminName: personName,
  adminEmail: email,
  password: passwordSchema,
  locale: localeSchema.default('de'),
});
export const demoLogin = z.object({ role: roleSchema, email: z.string(), name: z.string() });
export const demoSetupResponse = z.object({
  organisationName: z.string(),
  password: z.string(),
  logins: z.array(demoLogin),
});

// ---------- auth ----------
export const loginBody = z.object({ email, password: z.string().min(1).max(256) });
export const sessionUser = z.object({
  id,
  organisationId: id,
  organisationName: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema,
  teamId: id.nullable(),
});
export const sessionResponse = z.object({ user: sessionUser, csrfToken: z.string() });
export const passwordResetRequestBody = z.object({ email });
export const passwordResetConfirmBody = z.object({ token: z.string().min(10).max(200), password: passwordSchema });
export const invitationInfoResponse = z.object({
  email: z.string(),
  name: z.string(),
  organisationName: z.string(),
  locale: localeSchema,
});
export const invitationAcceptBody = z.object({ token: z.string().min(10).max(200), password: passwordSchema });
export const okResponse = z.object({ ok: z.literal(true) });

// ---------- profile ----------
export const profileUpdateBody = z.object({ name: personName.optional(), locale: localeSchema.optional() });
export const passwordChangeBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema });

// ---------- teams ----------
export const team = z.object({
  id,
  name: z.string(),
  kind: teamKindSchema,
  region: z.string(),
  memberCount: z.number().int(),
  version: z.number().int(),
});
export const teamCreateBody = z.object({
  name: z.string().trim().min(1).max(80),
  kind: teamKindSchema,
  region: z.string().trim().max(80).default(''),
});
export const teamUpdateBody = teamCreateBody.partial();
export const teamListQuery = pageQuery.extend({ kind: teamKindSchema.optional() });

// ---------- people ----------
export const person = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  teamId: id.nullable(),
  teamName: z.string().nullable(),
  region: z.string().nullable(),
  startDate: z.string().nullable(),
  status: personStatusSchema,
  locale: localeSchema,
  version: z.number().int(),
});
export const personCreateBody = z.object({
  email,
  name: personName,
  role: roleSchema,
  teamId: id.nullable().default(null),
  startDate: isoDate.nullable().default(null),
  locale: localeSchema.default('de'),
  sendInvitation: z.boolean().default(true),
});
export const personUpdateBody = z.object({
  name: personName.optional(),
  role: roleSchema.optional(),
  teamId: id.nullable().optional(),
  startDate: isoDate.nullable().optional(),
  locale: localeSchema.optional(),
});
export const personListQuery = pageQuery.extend({
  role: roleSchema.optional(),
  teamId: id.optional(),
  status: personStatusSchema.optional(),
});

// ---------- accounts ----------
export const account = z.object({
  id,
  name: z.string(),
  ownerId: id.nullable(),
  ownerName: z.string().nullable(),
  tier: tierSchema,
  annualPotential: z.number().int(),
  version: z.number().int(),
});
export const accountCreateBody = z.object({
  name: z.string().trim().min(1).max(160),
  ownerId: id.nullable().default(null),
  tier: tierSchema,
  annualPotential: z.number().int().min(0).max(10_000_000_000),
});
export const accountUpdateBody = accountCreateBody.partial();
export const accountListQuery = pageQuery.extend({ tier: tierSchema.optional(), ownerId: id.optional() });

// ---------- CSV import ----------
export const importQuery = z.object({ dryRun: z.enum(['true', 'false']).default('true') });
export const importProblem = z.object({
  row: z.number().int(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export const importResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  problems: z.array(importProblem),
  applied: z.boolean(),
});

// ---------- audit ----------
export const auditEntry = z.object({
  id,
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export const auditListQuery = pageQuery.extend({ action: z.string().max(60).optional() });

// ---------- mail outbox ----------
export const outboxMessage = z.object({
  id,
  at: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'stored']),
});

export type SessionUser = z.infer<typeof sessionUser>;
export type SessionResponse = z.infer<typeof sessionResponse>;
export type Person = z.infer<typeof person>;
export type Team = z.infer<typeof team>;
export type Account = z.infer<typeof account>;
export type ImportResult = z.infer<typeof importResult>;
export type AuditEntry = z.infer<typeof auditEntry>;
export type OutboxMessage = z.infer<typeof outboxMessage>;
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
