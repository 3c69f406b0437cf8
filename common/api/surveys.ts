/**
 * API shapes of trust pulses: privacy settings, cycles, and answering by personal link.
 */
import { z } from 'zod';

export const BREAKDOWN_ATTRIBUTES = ['team', 'region', 'tenureBand', 'role'] as const;
export type BreakdownAttribute = (typeof BREAKDOWN_ATTRIBUTES)[number];

export const privacySettings = z.object({
  minGroupSize: z.number().int(),
  minCommentGroupSize: z.number().int(),
  breakdownAttributes: z.array(z.enum(BREAKDOWN_ATTRIBUTES)),
  version: z.number().int(),
});
export const privacySettingsBody = z
  .object({
    minGroupSize: z.number().int().min(3).max(10),
    minCommentGroupSize: z.number().int().min(3).max(50),
    breakdownAttributes: z.array(z.enum(BREAKDOWN_ATTRIBUTES)).max(4),
  })
  .refine((s) => s.minCommentGroupSize >= s.minGroupSize, {
    path: ['minCommentGroupSize'],
    message: 'must be at least the minimum group size',
  });

export const CYCLE_FORMS = ['trust_check', 'pulse'] as const;
/** Reminder rounds per cycle: nobody is reminded more often than this. */
export const MAX_REMINDERS = 2;
export const cycleCreateBody = z.object({
  form: z.enum(CYCLE_FORMS),
  title: z.string().trim().min(1).max(120).optional(),
  /** Empty: every sales team. */
  audienceTeamIds: z.array(z.uuid()).max(500).default([]),
  /** Marketers answer the mirror form alongside a trust check. */
  withMirror: z.boolean().default(true),
  /** Omitted: today. A later day schedules the cycle; its invitations go out on that day. */
  opensOn: z.iso.date().optional(),
  closesOn: z.iso.date(),
});
/** Changes to a cycle that has not opened yet; omitted fields stay as they are. */
export const cycleUpdateBody = z.object({
  /** Null: no title of its own (readers name it by form and month in their language). */
  title: z.string().trim().min(1).max(120).nullable().optional(),
  audienceTeamIds: z.array(z.uuid()).max(500).optional(),
  withMirror: z.boolean().optional(),
  opensOn: z.iso.date().optional(),
  closesOn: z.iso.date().optional(),
});
/** The detail messages of a refused audience (path `audienceTeamIds`), so that forms can say which it is. */
export const AUDIENCE_UNKNOWN_TEAM = 'unknown team';
export const AUDIENCE_NOBODY_TO_ASK = 'nobody to ask';
/** How far ahead a cycle may be scheduled. */
export const MAX_SCHEDULE_DAYS = 366;
export const CYCLE_STATUSES = ['scheduled', 'open', 'closed'] as const;
export const cycleListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export const cycle = z.object({
  id: z.uuid(),
  form: z.enum(CYCLE_FORMS),
  /** Null when none was given: show cycleTitleOf (common/api/cycle-title.ts) in the reader's language. */
  title: z.string().nullable(),
  pulseIndex: z.number().int().nullable(),
  withMirror: z.boolean(),
  audienceTeamIds: z.array(z.string()),
  opensOn: z.string(),
  closesOn: z.string(),
  status: z.enum(CYCLE_STATUSES),
  invited: z.number().int(),
  /** Hidden (null) while fewer than the minimum group size have answered. */
  answered: z.number().int().nullable(),
  responseRate: z.number().nullable(),
  /** Reminder rounds sent so far; at most MAX_REMINDERS per cycle. */
  remindersSent: z.number().int(),
  version: z.number().int(),
});

export const answeringForm = z.object({
  organisationName: z.string(),
  cycleTitle: z.string(),
  form: z.enum(['trust_check', 'pulse', 'mirror']),
  locale: z.enum(['de', 'en']),
  closesOn: z.string(),
  open: z.boolean(),
  answered: z.boolean(),
  itemIds: z.array(z.string()),
});
export const answeringParams = z.object({ token: z.string().min(20).max(200) });
export const answerBody = z.object({
  /** Chosen at random by the answering device once per form: a retried submission is recognised. */
  clientKey: z.string().min(16).max(100),
  answers: z.record(z.string().max(40), z.unknown()),
});
export const answerResult = z.object({ ok: z.literal(true), replayed: z.boolean() });

export type PrivacySettings = z.infer<typeof privacySettings>;
export type Cycle = z.infer<typeof cycle>;
export type CycleUpdateBody = z.infer<typeof cycleUpdateBody>;
export type AnsweringForm = z.infer<typeof answeringForm>;

// ---------- results (every figure passes the anonymity plan) ----------

const filterValue = z.string().trim().min(1).max(200).optional();
/** A group of respondents by reporting attributes; `team` is a team id. Empty: the organisation. */
export const resultsQuery = z.object({ team: filterValue, region: filterValue, tenureBand: filterValue, role: filterValue });
export const groupFilter = z.object({
  team: z.string().optional(),
  region: z.string().optional(),
  tenureBand: z.string().optional(),
  role: z.string().optional(),
});
/** Why a group shows "not enough answers" or a filter is refused. Never accompanied by a count. */
export const FILTER_REFUSALS = [
  'not_offered',
  'below_minimum',
  'complementary',
  'differs_from_parent',
  'differs_from_sibling',
] as const;
const refused = z.object({ filter: groupFilter, available: z.literal(false), reason: z.enum(FILTER_REFUSALS) });

/** A figure that is null when the set behind it ("can't judge" and skips removed) is too small to show. */
const scoredFigure = z.object({
  available: z.boolean(),
  mean: z.number().nullable(),
  /** Driver: share of respondents whose driver score is 4 or more; statement: share of answers 4 or 5. */
  favourableShare: z.number().nullable(),
});
export const breakdownGroup = z.discriminatedUnion('available', [
  z.object({
    value: z.string(),
    available: z.literal(true),
    n: z.number().int(),
    /** 'YYYY-MM-DD': the group's figures include the answers counted up to this day (decision 0013). */
    asOf: z.string().nullable(),
    trustIndex: z.number().nullable(),
    inps: z.number().nullable(),
  }),
  z.object({ value: z.string(), available: z.literal(false), reason: z.enum(['below_minimum', 'complementary']) }),
]);
export const cycleResults = z.discriminatedUnion('available', [
  refused,
  z.object({
    filter: groupFilter,
    available: z.literal(true),
    n: z.number().int(),
    /**
     * 'YYYY-MM-DD': the group's figures include the answers counted up to this day. Earlier than other
     * groups' while the answers that arrived since could single someone out in this group (decision 0013).
     */
    asOf: z.string().nullable(),
    invited: z.number().int(),
    responseRate: z.number().nullable(),
    /** 0–100; null when too few respondents answered a trust statement. */
    trustIndex: z.number().nullable(),
    /** −100 … +100; null when too few answered the iNPS question. */
    inps: z.number().nullable(),
    drivers: z.array(scoredFigure.extend({ driverId: z.string() })),
    statements: z.array(scoredFigure.extend({ itemId: z.string() })),
    /** Organisation-wide breakdowns by each allowed attribute; withheld groups are listed without numbers. */
    breakdowns: z.array(z.object({ attribute: z.enum(BREAKDOWN_ATTRIBUTES), groups: z.array(breakdownGroup) })),
    /** Marketing's self-assessment (organisation only), or null without a mirror or under the minimum. */
    mirror: z
      .object({
        n: z.number().int(),
        drivers: z.array(z.object({ driverId: z.string(), available: z.boolean(), mean: z.number().nullable() })),
      })
      .nullable(),
  }),
]);
export const cycleComments = z.discriminatedUnion('available', [
  refused,
  z.object({
    filter: groupFilter,
    available: z.literal(true),
    /** Shuffled; no date, no attributes. */
    comments: z.array(z.object({ itemId: z.string(), text: z.string() })),
  }),
]);
/** `reminded` is null when it would tell how many of a small audience answered. */
export const remindersResult = z.object({ reminded: z.number().int().nullable() });

export type ResultsQuery = z.infer<typeof resultsQuery>;
export type CycleResults = z.infer<typeof cycleResults>;
export type CycleComments = z.infer<typeof cycleComments>;
export type BreakdownGroup = z.infer<typeof breakdownGroup>;

// ---------- schedules (cycles that open by themselves) ----------

export const surveyScheduleParams = z.object({ form: z.enum(CYCLE_FORMS) });
export const surveyScheduleBody = z.object({
  active: z.boolean(),
  /** The day of the month (UTC) on which the cycle opens; trust checks open in a quarter's first month. */
  dayOfMonth: z.number().int().min(1).max(28),
  /** How long an opened cycle stays open; omitted: 10 days for pulses, 14 for trust checks. */
  openDays: z.number().int().min(3).max(28).optional(),
  /** Empty: every sales team. */
  audienceTeamIds: z.array(z.uuid()).max(500).default([]),
  /** Ignored (stored as false) for pulses, which have no mirror. */
  withMirror: z.boolean().default(true),
});
export const surveySchedule = z.object({
  form: z.enum(CYCLE_FORMS),
  active: z.boolean(),
  dayOfMonth: z.number().int(),
  openDays: z.number().int(),
  audienceTeamIds: z.array(z.string()),
  withMirror: z.boolean(),
  /** YYYY-MM (pulse) or YYYY-Qn (trust check) of the last cycle the schedule opened. */
  lastOpenedPeriod: z.string().nullable(),
  /** 0 while the schedule was never saved: send If-Match "0" to create it. */
  version: z.number().int(),
});
export const surveyScheduleList = z.object({ items: z.array(surveySchedule) });

export type SurveySchedule = z.infer<typeof surveySchedule>;
export type SurveyScheduleBody = z.infer<typeof surveyScheduleBody>;
