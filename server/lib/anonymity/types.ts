/**
 * The vocabulary of the anonymity module. The module sees counts per atom only, never answers or people:
 * that is all the class rule needs, and it keeps the rule cheap to recompute whenever responses arrive.
 */

/** Reporting attributes, in the canonical order used for group keys (hierarchy first). */
export const ATTRIBUTES = ['region', 'team', 'tenureBand', 'role'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** The finest combination of reporting attributes. Region follows from team, so it adds no split. */
export type AtomKey = Readonly<Record<Attribute, string>>;

/**
 * An attribute widened away when the cycle opened (an atom that would have pointed at fewer than k
 * invited people keeps, say, no tenure band). Its respondents count for the organisation and for the
 * attributes still known, and belong to no group of the widened attribute.
 */
export const WIDENED = '*';

/**
 * How many respondents fall into one atom. For a per-statement plan the same shape carries the number of
 * respondents with a valid answer to that statement ("can't judge" and skipped answers do not count).
 */
export interface AtomCount {
  readonly atom: AtomKey;
  readonly respondents: number;
}

export type AttributePair = readonly [Attribute, Attribute];

export interface PrivacySettings {
  /** Minimum group size for figures: 3–10. */
  readonly k: number;
  /** Minimum group size for comments: at least k, because text identifies more than a number does. */
  readonly commentK: number;
  /** The attributes the organisation allows breakdowns and filters by. */
  readonly breakdownAttributes: readonly Attribute[];
  /**
   * The cross breakdowns offered, as pairs of allowed attributes. Absent: every pair of allowed attributes
   * except region × team, which is the team breakdown again.
   */
  readonly combinations?: readonly AttributePair[];
}

export const DEFAULT_K = 5;
export const DEFAULT_COMMENT_K = 10;
export const MIN_K = 3;
export const MAX_K = 10;

/** Attribute → value. The empty filter is the whole organisation. */
export type GroupFilter = Readonly<Partial<Record<Attribute, string>>>;

/** A candidate set of respondents about which a figure could be released. */
export interface Group {
  /** Stable and readable: `org`, `team=Nord-1`, `region=Süd&tenureBand=0-2`. */
  readonly key: string;
  readonly filter: GroupFilter;
}

/**
 * Why a group shows "not enough answers". Both read the same in the UI; the distinction is for
 * explaining the rule to admins. Neither carries a count: the size of a withheld group is itself secret.
 */
export type WithheldReason = 'below_minimum' | 'complementary';

export interface ReleasePlan {
  /** The minimum this plan enforces (k, or commentK for a comment plan). */
  readonly minimum: number;
  /**
   * Every candidate group, sorted by key: one per value (pair) among the atoms given. Pass the atoms of
   * everyone invited, with 0 where nobody answered, so that the presence of a withheld group here says
   * nothing about whether anyone in it answered; screens list groups from the directory and ask the plan.
   */
  readonly groups: readonly Group[];
  readonly released: ReadonlySet<string>;
  /** A reason for every candidate that is not released. */
  readonly withheld: ReadonlyMap<string, WithheldReason>;
}
