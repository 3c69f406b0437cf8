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
// Written out rather than `.partial()`: Zod 4 keeps defaults inside partial objects, which would reset omitted fields.
export const teamUpdateBody = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  kind: teamKindSchema.optional(),
  region: z.string().trim().max(80).optional(),
});
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
const accountName = z.string().trim().min(1).max(160);
/** Whole euros. */
const annualPotential = z.number().int().min(0).max(10_000_000_000);
export const accountCreateBody = z.object({
  name: accountName,
  ownerId: id.nullable().default(null),
  tier: tierSchema,
  annualPotential,
});
// Spelled out rather than `accountCreateBody.partial()`: Zod 4 applies the ownerId default inside
// .partial(), so a PATCH without ownerId would have cleared the owner.
export const accountUpdateBody = z.object({
  name: accountName.optional(),
  ownerId: id.nullable().optional(),
  tier: tierSchema.optional(),
  annualPotential: annualPotential.optional(),
});
export const accountListQuery = pageQuery.extend({ tier: tierSchema.optional(), ownerId: id.optional() });

// ---------- CSV import and export ----------
/** `?dryRun=true` (the default) checks the file and stores nothing; `false` applies it, all or nothing. */
export const importQuery = z.object({ dryRun: z.enum(['true', 'false']).default('true') });
/** People imports may invite every newly created person (token + e-mail). */
export const peopleImportQuery = importQuery.extend({ invite: z.enum(['true', 'false']).default('false') });
/** Exports separate with commas by default; German Excel opens semicolon files directly. */
export const csvExportQuery = z.object({ separator: z.enum(['comma', 'semicolon']).default('comma') });
/** Stable codes of row problems; the web app translates them, `message` is English. */
export const IMPORT_PROBLEM_CODES = [
  'malformed_csv',
  'empty_file',
  'missing_column',
  'required',
  'too_long',
  'invalid_email',
  'invalid_role',
  'invalid_date',
  'invalid_tier',
  'invalid_number',
  'duplicate_in_file',
  'email_in_other_organisation',
  'region_mismatch',
  'unknown_owner',
  'last_admin',
] as const;
export const importProblemCodeSchema = z.enum(IMPORT_PROBLEM_CODES);
export const importProblem = z.object({
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: z.number().int(),
  /** The column's field name (`email`, `owner_email`, …), or '' for the file as a whole. */
  field: z.string(),
  code: importProblemCodeSchema,
  message: z.string(),
  /**
   * The details a translation fills in: `column` (the header as written in the file), `value` (what the
   * cell holds), `firstRow` (an earlier row with the same value, or the row that creates a team), `max`,
   * `accepted`, `team`, `region`, `teamRegion`, `line`. Absent in answers of older servers.
   */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const importResult = z.object({
  dryRun: z.boolean(),
  /** Data rows in the file (blank rows not counted). */
  rows: z.number().int(),
  created: z.number().int(),
  /** Existing rows the file changes. */
  updated: z.number().int(),
  /** Existing rows the file matches without changing anything. */
  unchanged: z.number().int(),
  problems: z.array(importProblem),
  applied: z.boolean(),
});
/** The 422 answer of an apply (`dryRun=false`) whose file has problems: nothing was stored. */
export const importInvalidResponse = z.object({
  error: z.object({ code: z.literal('import_invalid'), message: z.string(), details: importResult }),
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
export type ImportProblem = z.infer<typeof importProblem>;
export type ImportProblemCode = z.infer<typeof importProblemCodeSchema>;
export type PersonCreateBody = z.infer<typeof personCreateBody>;
export type PersonUpdateBody = z.infer<typeof personUpdateBody>;
export type PersonListQuery = z.infer<typeof personListQuery>;
export type AccountCreateBody = z.infer<typeof accountCreateBody>;
export type AccountUpdateBody = z.infer<typeof accountUpdateBody>;
export type AccountListQuery = z.infer<typeof accountListQuery>;
export type AuditEntry = z.infer<typeof auditEntry>;
export type OutboxMessage = z.infer<typeof outboxMessage>;
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

// ---------- requests (internal customer portal) ----------
export const REQUEST_TYPE_KEYS = [
  'collateral',
  'campaign_support',
  'event_support',
  'lead_list',
  'competitive_intelligence',
  'pricing_support',
  'training',
  'other',
] as const;
export const REQUEST_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const REQUEST_STATUSES = [
  'new',
  'accepted',
  'in_progress',
  'waiting_for_sales',
  'delivered',
  'closed',
  'declined',
] as const;
export const COMMENT_VISIBILITIES = ['public', 'internal'] as const;
export const REQUEST_EVENT_KINDS = ['created', 'status_changed', 'assigned', 'commented', 'rated'] as const;
export const requestTypeKeySchema = z.enum(REQUEST_TYPE_KEYS);
export const requestPrioritySchema = z.enum(REQUEST_PRIORITIES);
export const requestStatusSchema = z.enum(REQUEST_STATUSES);
export const commentVisibilitySchema = z.enum(COMMENT_VISIBILITIES);
export const requestEventKindSchema = z.enum(REQUEST_EVENT_KINDS);

export const requestType = z.object({
  id,
  /** One of REQUEST_TYPE_KEYS for the built-in types, or a key derived from the name of a type an admin added. */
  key: z.string(),
  nameDe: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
});
const personRef = z.object({ id, name: z.string() });
/** One SLA clock of a request as of the moment of the answer (DESIGN.md, capability 1). */
export const SLA_TARGET_STATES = ['ok', 'at_risk', 'breached', 'met', 'missed'] as const;
export const slaTargetStateSchema = z.enum(SLA_TARGET_STATES);
export const slaTarget = z.object({
  state: slaTargetStateSchema,
  /** null while paused before the target was used up: the due time depends on when sales answers. */
  dueAt: z.string().nullable(),
  /** Business milliseconds left, 0 once used up. */
  remainingMs: z.number(),
  /** Business milliseconds beyond the target, 0 while within it. */
  overdueMs: z.number(),
  /** Share of the target used; above 100 when overdue. */
  percentUsed: z.number(),
  /** The target in business minutes, as snapshotted when the request was filed. */
  targetMinutes: z.number().int(),
});
export const requestSla = z.object({
  firstResponse: slaTarget.nullable(),
  resolution: slaTarget.nullable(),
  /** True while the request waits for sales (the resolution clock is paused). */
  paused: z.boolean(),
});
export const requestSummary = z.object({
  id,
  number: z.number().int(),
  type: requestType,
  title: z.string(),
  account: z.object({ id, name: z.string() }).nullable(),
  dueOn: z.string().nullable(),
  priority: requestPrioritySchema,
  status: requestStatusSchema,
  requester: personRef,
  teamId: id.nullable(),
  assignee: personRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  sla: requestSla.optional(),
});
export const requestComment = z.object({
  id,
  author: personRef,
  body: z.string(),
  visibility: commentVisibilitySchema,
  createdAt: z.string(),
});
export const requestEvent = z.object({
  id,
  kind: requestEventKindSchema,
  actor: personRef.nullable(),
  details: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export const requestWatchers = z.object({ watching: z.boolean(), watchers: z.array(personRef) });
/** The requester's rating of a delivered request; defined here because the detail carries it. */
export const requestRating = z.object({
  score: z.number().int(),
  comment: z.string().nullable(),
  extraMile: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The rating's own version: its ETag for PUT /api/requests/:id/rating. */
  version: z.number().int(),
});
export const requestDetail = requestSummary.extend({
  description: z.string(),
  declineReason: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  comments: z.array(requestComment),
  watching: z.boolean(),
  watchers: z.array(personRef),
  timeline: z.array(requestEvent),
  /** Null until the requester rates the delivery. */
  rating: requestRating.nullable().optional(),
});
export const requestCreateBody = z.object({
  typeId: id,
  title: z.string().trim().min(3).max(160),
  description: z.string().trim().max(10_000).default(''),
  accountId: id.nullable().default(null),
  dueOn: isoDate.nullable().default(null),
  priority: requestPrioritySchema.default('normal'),
});
export const requestListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  q: z.string().trim().max(200).optional(),
  /** One status, or several as a repeated parameter (`status=new&status=accepted`). */
  status: z.union([requestStatusSchema, z.array(requestStatusSchema)]).optional(),
  typeId: id.optional(),
  assigneeId: z.union([id, z.literal('unassigned')]).optional(),
  teamId: id.optional(),
  mine: z.enum(['true', 'false']).optional(),
  /** sla: by resolution due time, soonest first; paused and stopped requests last. */
  sort: z.enum(['created', 'due', 'sla']).default('created'),
  /** Requests whose resolution clock is at risk (≥ 80 % used, not yet overdue) or breached. */
  slaState: z.enum(['at_risk', 'breached']).optional(),
});
export const requestTransitionBody = z.object({
  to: requestStatusSchema,
  reason: z.string().trim().min(1).max(2000).optional(),
});
export const requestAssignmentBody = z.object({ assigneeId: id.nullable() });
export const requestCommentBody = z.object({
  body: z.string().trim().min(1).max(10_000),
  visibility: commentVisibilitySchema.default('public'),
});

export type RequestTypeKey = z.infer<typeof requestTypeKeySchema>;
export type RequestPriority = z.infer<typeof requestPrioritySchema>;
export type RequestStatus = z.infer<typeof requestStatusSchema>;
export type CommentVisibility = z.infer<typeof commentVisibilitySchema>;
export type RequestEventKind = z.infer<typeof requestEventKindSchema>;
export type RequestType = z.infer<typeof requestType>;
export type RequestSummary = z.infer<typeof requestSummary>;
export type RequestDetail = z.infer<typeof requestDetail>;
export type RequestComment = z.infer<typeof requestComment>;
export type RequestEvent = z.infer<typeof requestEvent>;
export type RequestWatchers = z.infer<typeof requestWatchers>;
export type RequestCreateBody = z.infer<typeof requestCreateBody>;
export type RequestListQuery = z.infer<typeof requestListQuery>;
export type RequestTransitionBody = z.infer<typeof requestTransitionBody>;

// ---------- SLA policies and the business calendar ----------
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAY_KEYS);
/** Opening hours in local wall-clock time, 'HH:MM' to 'HH:MM' ('24:00' ends at midnight). */
export const workingInterval = z.object({ start: z.string().max(5), end: z.string().max(5) });
/**
 * The calendar an admin saves; every field is optional and falls back to its default. Types are
 * checked here, meaning (time zone, weekdays, times, dates, federal state) by the business-time module,
 * which lists every problem in error.details.
 */
export const businessCalendarBody = z.object({
  timeZone: z.string().max(100).optional(),
  workingDays: z.array(z.string().max(10)).max(14).optional(),
  workingHours: z.array(workingInterval).max(24).optional(),
  workingHoursByWeekday: z.record(z.string().max(10), z.array(workingInterval).max(24)).optional(),
  closeOnPublicHolidays: z.boolean().optional(),
  /** German federal state code (BW, BY, BE, …) or null for the nationwide holidays only. */
  federalState: z.string().max(10).nullable().optional(),
  /** Extra closed days, 'YYYY-MM-DD'. */
  closedDates: z.array(z.string().max(20)).max(1000).optional(),
});
export const businessCalendar = z.object({
  timeZone: z.string(),
  workingDays: z.array(weekdaySchema),
  workingHours: z.array(workingInterval),
  workingHoursByWeekday: z.record(z.string(), z.array(workingInterval)),
  closeOnPublicHolidays: z.boolean(),
  federalState: z.string().nullable(),
  closedDates: z.array(z.string()),
  version: z.number().int(),
});
export const publicHolidaysQuery = z.object({ year: z.coerce.number().int().min(1900).max(2999) });
/** A public holiday with its German (`name`) and English (`nameEn`) name. */
export const publicHoliday = z.object({ date: z.string(), name: z.string(), nameEn: z.string() });
/** 2,000 business hours. */
export const SLA_MAX_MINUTES = 120_000;
const slaMinutes = z.number().int().min(1).max(SLA_MAX_MINUTES);
export const slaPolicyBody = z.object({ firstResponseMinutes: slaMinutes, resolutionMinutes: slaMinutes });
export const slaPolicyParams = z.object({ typeId: id, priority: requestPrioritySchema });
export const slaPolicy = z.object({
  typeId: id,
  typeKey: z.string(),
  typeNameDe: z.string(),
  typeNameEn: z.string(),
  priority: requestPrioritySchema,
  firstResponseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  /** True when no policy is stored and the built-in default applies. */
  isDefault: z.boolean(),
  /** The row's version (its ETag); 0 for a default, which a PUT with If-Match "0" creates. */
  version: z.number().int(),
});

export type SlaTargetState = z.infer<typeof slaTargetStateSchema>;
export type SlaTarget = z.infer<typeof slaTarget>;
export type RequestSla = z.infer<typeof requestSla>;
export type Weekday = z.infer<typeof weekdaySchema>;
export type WorkingInterval = z.infer<typeof workingInterval>;
export type BusinessCalendarBody = z.infer<typeof businessCalendarBody>;
export type BusinessCalendarSettings = z.infer<typeof businessCalendar>;
export type PublicHoliday = z.infer<typeof publicHoliday>;
export type SlaPolicyBody = z.infer<typeof slaPolicyBody>;
export type SlaPolicy = z.infer<typeof slaPolicy>;

// ---------- request ratings ----------
export const RATING_COMMENT_MAX = 2000;
/** A rating may be changed within this many days of delivery. */
export const RATING_EDIT_WINDOW_DAYS = 14;
export const requestRatingBody = z.object({
  score: z.number().int().min(1).max(5),
  /** Blank or absent means no comment. */
  comment: z.string().trim().max(RATING_COMMENT_MAX).nullable().optional(),
  extraMile: z.boolean(),
});
export type RequestRating = z.infer<typeof requestRating>;
export type RequestRatingBody = z.infer<typeof requestRatingBody>;
