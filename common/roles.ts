/** The six roles of Tandem. A person has exactly one role per organisation. */
export const ROLES = ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];

export const TEAM_KINDS = ['sales', 'marketing', 'executive'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const ACCOUNT_TIERS = ['A', 'B', 'C'] as const;
export type AccountTier = (typeof ACCOUNT_TIERS)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const PERSON_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
