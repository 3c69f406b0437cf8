/**
 * API shapes of action plans: what management does about a focus area, and whether the driver moved in
 * the plan's scope afterwards. The follow-up passed the anonymity plan of both cycles: a withheld
 * figure says why, never how many answered.
 */
import { z } from 'zod';
import { DRIVER_IDS } from '../instrument/items.js';

export const ACTION_PLAN_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionPlanStatus = (typeof ACTION_PLAN_STATUSES)[number];
export const MAX_ACTION_PLAN_STEPS = 20;
export const ACTION_PLAN_TITLE_LENGTH = { min: 3, max: 160 } as const;
export const ACTION_PLAN_STEP_LENGTH = 200;
/** Roles a plan may be given to: marketing and the leads who carry it into the field. */
export const ACTION_PLAN_OWNER_ROLES = ['marketing_lead', 'marketer', 'sales_lead'] as const;

const isoDate = z.iso.date();
const title = z.string().trim().min(ACTION_PLAN_TITLE_LENGTH.min).max(ACTION_PLAN_TITLE_LENGTH.max);
const stepText = z.string().trim().min(1).max(ACTION_PLAN_STEP_LENGTH);

export const actionPlanCreateBody = z.object({
  title,
  driverId: z.enum(DRIVER_IDS),
  /** Null: the whole organisation. */
  teamId: z.uuid().nullable().default(null),
  ownerId: z.uuid(),
  dueOn: isoDate,
  steps: z.array(stepText).max(MAX_ACTION_PLAN_STEPS).default([]),
});
export type ActionPlanCreateBody = z.input<typeof actionPlanCreateBody>;

/** Replaces the given fields; steps are the whole ordered list (an id keeps a step and its state). */
export const actionPlanUpdateBody = z
  .object({
    title: title.optional(),
    ownerId: z.uuid().optional(),
    dueOn: isoDate.optional(),
    status: z.enum(ACTION_PLAN_STATUSES).optional(),
    steps: z
      .array(z.object({ id: z.uuid().optional(), text: stepText, done: z.boolean().default(false) }))
      .max(MAX_ACTION_PLAN_STEPS)
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change.' });
export type ActionPlanUpdateBody = z.input<typeof actionPlanUpdateBody>;

export const actionPlanStepBody = z.object({ done: z.boolean() });

export const actionPlanListQuery = z.object({
  cycleId: z.uuid().optional(),
  driverId: z.enum(DRIVER_IDS).optional(),
  /** A team id, or "organisation" for the organisation-wide plans. */
  scope: z.union([z.literal('organisation'), z.uuid()]).optional(),
  status: z.enum(ACTION_PLAN_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ActionPlanListQuery = z.input<typeof actionPlanListQuery>;

export const actionPlanFollowUp = z.discriminatedUnion('state', [
  /** No closed cycle existed when the plan was made. */
  z.object({ state: z.literal('no_baseline') }),
  /** The first cycle of the same form after the plan has not closed yet. */
  z.object({ state: z.literal('waiting'), baselineCycleId: z.string() }),
  /** The scope is withheld in one of the two cycles, or the viewer may not see this scope's figures. */
  z.object({
    state: z.literal('not_available'),
    reason: z.enum(['not_enough_answers', 'not_offered']),
    baselineCycleId: z.string(),
    followUpCycleId: z.string().nullable(),
  }),
  z.object({
    state: z.literal('measured'),
    baselineCycleId: z.string(),
    followUpCycleId: z.string(),
    before: z.number(),
    after: z.number(),
    difference: z.number(),
    lower: z.number(),
    upper: z.number(),
    /** True only when the 95 % interval excludes zero. */
    isRealChange: z.boolean(),
  }),
]);
export type ActionPlanFollowUp = z.infer<typeof actionPlanFollowUp>;

export const actionPlanStep = z.object({ id: z.string(), text: z.string(), done: z.boolean() });

export const actionPlan = z.object({
  id: z.string(),
  title: z.string(),
  driverId: z.enum(DRIVER_IDS),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueOn: z.string(),
  status: z.enum(ACTION_PLAN_STATUSES),
  steps: z.array(actionPlanStep),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** What the viewer may do with it. */
  canEdit: z.boolean(),
  canUpdateProgress: z.boolean(),
  followUp: actionPlanFollowUp,
});
export type ActionPlan = z.infer<typeof actionPlan>;

export const actionPlanPage = z.object({
  items: z.array(actionPlan),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ActionPlanPage = z.infer<typeof actionPlanPage>;

/** People a plan may be given to, for the owner picker. */
export const actionPlanOwnerOption = z.object({ id: z.string(), name: z.string(), role: z.enum(ACTION_PLAN_OWNER_ROLES) });
export type ActionPlanOwnerOption = z.infer<typeof actionPlanOwnerOption>;
