/**
 * The anonymity module: the only door through which every aggregate, chart, export and comparison of
 * survey results passes. The guarantee it keeps is the class rule of anonymity.md; the module sees
 * counts per atom only, never answers or people.
 */
export {
  type ClassRuleViolation,
  type EpochClassRuleViolation,
  type ReleasedEpochSet,
  releasedFilters,
  verifyClassRule,
  verifyEpochClassRule,
} from './class-rule.js';
export { shuffleComments } from './comments.js';
export {
  checkEpochFilter,
  type EpochGroupRelease,
  type EpochPlanInput,
  type EpochPlanWork,
  type EpochReleasePlan,
  type EpochSet,
  type EpochUnit,
  epochPlanWork,
  planEpochCommentRelease,
  planEpochRelease,
  planEpochStatementRelease,
  releasedAtOf,
  shownSets,
} from './epochs.js';
export { checkFilter, type FilterCheck, type FilterRefusal } from './filters.js';
export { groupKeyOf, ORG_KEY } from './groups.js';
export { comparableGroups, isReleased, planCommentRelease, planRelease, planStatementRelease } from './plan.js';
export {
  ATTRIBUTES,
  type AtomCount,
  type AtomKey,
  type Attribute,
  type AttributePair,
  DEFAULT_COMMENT_K,
  DEFAULT_K,
  type Group,
  type GroupFilter,
  MAX_K,
  MIN_K,
  type PrivacySettings,
  type ReleasePlan,
  WIDENED,
  type WithheldReason,
} from './types.js';
