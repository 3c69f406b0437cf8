/**
 * API shapes of the trust dashboard. Every figure passed the anonymity plan: a withheld figure is
 * `available: false` or null and never comes with a count.
 */
import { z } from 'zod';
import { FILTER_REFUSALS, groupFilter } from './surveys.js';

const filterValue = z.string().trim().min(1).max(200).optional();
/** A cycle (default: the latest closed one) and a group by team, region or tenure band. */
export const dashboardQuery = z.object({
  cycleId: z.uuid().optional(),
  team: filterValue,
  region: filterValue,
  tenureBand: filterValue,
});
export const dashboardCsvQuery = dashboardQuery.extend({
  separator: z.enum(['comma', 'semicolon']).default('comma'),
});

/** Welch's difference against the previous cycle, 95 % interval; "real" only when it excludes zero. */
export const dashboardChange = z.object({
  previousCycleId: z.string(),
  difference: z.number(),
  lower: z.number(),
  upper: z.number(),
  isRealChange: z.boolean(),
});

const meanFigure = z.object({
  available: z.boolean(),
  value: z.number().nullable(),
  /** 95 % t interval of the mean. */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  change: dashboardChange.nullable(),
});

export const DASHBOARD_REFUSALS = [...FILTER_REFUSALS, 'no_cycle'] as const;
const withheld = z.enum(['below_minimum', 'complementary']);

export const dashboardCycle = z.object({
  id: z.string(),
  title: z.string(),
  form: z.enum(['trust_check', 'pulse']),
  opensOn: z.string(),
  closesOn: z.string(),
  status: z.enum(['open', 'closed']),
});

export const keyDriverResult = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(false),
    /** too_few_answers: under 30 complete respondents; no_variation: weights undefined; the others: the group is withheld. */
    reason: z.enum(['too_few_answers', 'no_variation', 'below_minimum', 'complementary']),
  }),
  z.object({
    available: z.literal(true),
    n: z.number().int(),
    r2: z.number(),
    replicates: z.number().int(),
    drivers: z.array(
      z.object({
        driverId: z.string(),
        /** Share of R² (the shares sum to 1) with its 95 % bootstrap interval. */
        share: z.number(),
        shareLower: z.number(),
        shareUpper: z.number(),
        /** Relative weight (the weights sum to R²). */
        weight: z.number(),
      }),
    ),
  }),
]);

const localized = z.object({ de: z.string(), en: z.string() });

export const dashboard = z.discriminatedUnion('available', [
  z.object({ filter: groupFilter, available: z.literal(false), reason: z.enum(DASHBOARD_REFUSALS) }),
  z.object({
    filter: groupFilter,
    available: z.literal(true),
    cycle: dashboardCycle,
    /** Respondents in the group. */
    n: z.number().int(),
    /**
     * The day of the release epoch the group's figures are from ('YYYY-MM-DD'): they include the answers
     * counted up to it. Older than `latestAsOf` where newer answers could only be shown by singling someone out.
     */
    asOf: z.string().nullable(),
    /** The day of the cycle's latest release epoch. */
    latestAsOf: z.string().nullable(),
    trustIndex: meanFigure,
    inps: meanFigure.extend({ promoterShare: z.number().nullable(), detractorShare: z.number().nullable() }),
    /** Every cycle up to the chosen one, oldest first; null where that cycle withholds the group or figure. */
    trend: z.array(
      z.object({
        cycleId: z.string(),
        title: z.string(),
        form: z.enum(['trust_check', 'pulse']),
        opensOn: z.string(),
        trustIndex: z.number().nullable(),
        inps: z.number().nullable(),
        trustIndexChange: dashboardChange.nullable(),
        inpsChange: dashboardChange.nullable(),
      }),
    ),
    drivers: z.array(meanFigure.extend({ driverId: z.string(), favourableShare: z.number().nullable() })),
    statements: z.array(
      z.object({
        itemId: z.string(),
        available: z.boolean(),
        mean: z.number().nullable(),
        favourableShare: z.number().nullable(),
      }),
    ),
    /** Teams (of the chosen region, or the chosen team) × drivers; null for a role that sees the organisation only, or when results are not broken down by team. */
    heatmap: z
      .object({
        drivers: z.array(z.string()),
        rows: z.array(
          z.discriminatedUnion('available', [
            z.object({
              teamId: z.string(),
              teamName: z.string(),
              available: z.literal(true),
              /** The day of the release epoch the team's figures are from, as the group's `asOf`. */
              asOf: z.string().nullable(),
              trustIndex: z.number().nullable(),
              /** One per driver, in `drivers` order; null where that driver's answers are too few. */
              cells: z.array(z.number().nullable()),
            }),
            z.object({ teamId: z.string(), teamName: z.string(), available: z.literal(false), reason: withheld }),
          ]),
        ),
      })
      .nullable(),
    keyDrivers: keyDriverResult,
    /** Score against importance for every driver with both; focus areas: low score, high importance. */
    quadrant: z.array(z.object({ driverId: z.string(), score: z.number(), importance: z.number(), isFocusArea: z.boolean() })),
    focusAreas: z.array(
      z.object({
        driverId: z.string(),
        recommendation: z.object({ id: z.string(), text: localized }),
        levers: z.array(z.object({ id: z.string(), name: localized, path: z.string().nullable() })),
      }),
    ),
    /** Cronbach's alpha per construct with two or more statements in the form; flagged below 0.70. */
    reliability: z.array(
      z.object({ construct: z.string(), available: z.boolean(), alpha: z.number().nullable(), flagged: z.boolean() }),
    ),
    /** Sales' view of the group against marketing's mirror (organisation) per driver; null without a mirror. */
    perceptionGap: z
      .array(
        z.object({
          driverId: z.string(),
          sales: z.number().nullable(),
          marketing: z.number().nullable(),
          /** Marketing minus sales, in scale points. */
          gap: z.number().nullable(),
        }),
      )
      .nullable(),
  }),
]);

export type DashboardQuery = z.infer<typeof dashboardQuery>;
export type Dashboard = z.infer<typeof dashboard>;
export type DashboardChange = z.infer<typeof dashboardChange>;
export type KeyDriverResult = z.infer<typeof keyDriverResult>;
