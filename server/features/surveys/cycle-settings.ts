/**
 * The settings a cycle's release plans are built with. All three are frozen when the cycle opens: the
 * minimums k and k_c, and the breakdown attributes. Were the breakdowns read from today's privacy
 * settings, one cycle read by team and, after a change, by tenure band would have released two
 * families of sets whose union can split respondents into classes under k (the class rule).
 * Every plan of a cycle, in results, the dashboard and action plans, starts here.
 */
import type { SurveyCyclesTable } from '../../db/tables.js';
import type { Attribute, PrivacySettings as PlanSettings } from '../../lib/anonymity/index.js';

export type CyclePlanFields = Pick<SurveyCyclesTable, 'min_group_size' | 'min_comment_group_size' | 'breakdown_attributes'>;

export function planSettingsOf(cycle: CyclePlanFields): PlanSettings {
  return {
    k: cycle.min_group_size,
    commentK: cycle.min_comment_group_size,
    breakdownAttributes: JSON.parse(cycle.breakdown_attributes) as Attribute[],
  };
}
