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
export const cycleCreateBody = z.object({
  form: z.enum(CYCLE_FORMS),
  title: z.string().trim().min(1).max(120).optional(),
  /** Empty: every sales team. */
  audienceTeamIds: z.array(z.uuid()).max(500).default([]),
  /** Marketers answer the mirror form alongside a trust check. */
  withMirror: z.boolean().default(true),
  closesOn: z.iso.date(),
});
export const cycleListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export const cycle = z.object({
  id: z.uuid(),
  form: z.enum(CYCLE_FORMS),
  title: z.string(),
  pulseIndex: z.number().int().nullable(),
  withMirror: z.boolean(),
  audienceTeamIds: z.array(z.string()),
  opensOn: z.string(),
  closesOn: z.string(),
  status: z.enum(['open', 'closed']),
  invited: z.number().int(),
  /** Hidden (null) while fewer than the minimum group size have answered. */
  answered: z.number().int().nullable(),
  responseRate: z.number().nullable(),
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
export type AnsweringForm = z.infer<typeof answeringForm>;
