/**
 * API shapes of the request reports for marketing leads: SLA attainment, median times in business
 * hours, ratings and extra miles of the requests filed in a range of months, grouped one way.
 */
import { z } from 'zod';

export const REPORT_GROUPINGS = ['type', 'team', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Longest range a report covers: it computes every request's clocks, so the work must stay bounded. */
export const MAX_REPORT_MONTHS = 24;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

export const requestReportQuery = z.object({
  from: month,
  to: month,
  groupBy: z.enum(REPORT_GROUPINGS).default('type'),
});
export type RequestReportQuery = z.infer<typeof requestReportQuery>;

export const requestReportCsvQuery = requestReportQuery.extend({
  separator: z.enum(['comma', 'semicolon']).default('comma'),
});

/** One SLA target over the requests of a group. */
export const slaAttainment = z.object({
  /** Requests whose clock stopped within the target. */
  met: z.number().int(),
  /** Requests whose clock stopped after the target, or that are still open past it. */
  missed: z.number().int(),
  /** Requests still open and within the target: not decided yet, so not counted in the share. */
  pending: z.number().int(),
  /** met / (met + missed), 0–1; null when nothing is decided. */
  shareMet: z.number().nullable(),
  /** Median business hours from filing to the stop of the clock, over stopped clocks; null without any. */
  medianBusinessHours: z.number().nullable(),
});
export type SlaAttainment = z.infer<typeof slaAttainment>;

export const requestReportFigures = z.object({
  requests: z.number().int(),
  firstResponse: slaAttainment,
  resolution: slaAttainment,
  ratings: z.number().int(),
  /** Mean score 1–5; null without ratings. */
  ratingAverage: z.number().nullable(),
  extraMiles: z.number().int(),
});
export type RequestReportFigures = z.infer<typeof requestReportFigures>;

export const requestReportGroup = z.object({
  /** The type's key, the team's id ("none" for requests without a team) or the month (YYYY-MM). */
  key: z.string(),
  /** Names of a type (de and en) or a team (the same in both); null for months and for "no team". */
  name: z.object({ de: z.string(), en: z.string() }).nullable(),
});

export const requestReport = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(REPORT_GROUPINGS),
  /** The business calendar's time zone: months start at local midnight there. */
  timeZone: z.string(),
  rows: z.array(z.object({ group: requestReportGroup, figures: requestReportFigures })),
  totals: requestReportFigures,
});
export type RequestReport = z.infer<typeof requestReport>;
export type RequestReportRow = RequestReport['rows'][number];
