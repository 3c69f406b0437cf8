/**
 * Row types of every table. Timestamps are ISO-8601 UTC strings and flags are strings or integers
 * in both dialects, so that SQLite and PostgreSQL return identical rows.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CommentVisibility, RequestEventKind, RequestPriority, RequestStatus } from '../../common/api/contracts.js';
import type { AccountTier, Locale, PersonStatus, Role, TeamKind } from '../../common/roles.js';

export interface OrganisationsTable {
  id: string;
  name: string;
  default_locale: Locale;
  created_at: string;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  start_date: string | null;
  locale: Locale;
  status: PersonStatus;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface TeamsTable {
  id: string;
  organisation_id: string;
  name: string;
  kind: TeamKind;
  region: string;
  created_at: string;
  version: Generated<number>;
}

export interface AccountsTable {
  id: string;
  organisation_id: string;
  name: string;
  owner_id: string | null;
  tier: AccountTier;
  annual_potential: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a database reader cannot replay sessions. */
  id: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuthTokensTable {
  /** SHA-256 of the e-mailed token. */
  id: string;
  user_id: string;
  organisation_id: string;
  purpose: 'invitation' | 'password_reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: string;
  organisation_id: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string;
  ip: string | null;
  created_at: string;
}

export interface MailOutboxTable {
  id: string;
  organisation_id: string | null;
  recipient: string;
  subject: string;
  body_text: string;
  status: 'queued' | 'sent' | 'failed' | 'stored';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface IdempotencyKeysTable {
  organisation_id: string;
  user_id: string;
  key: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  request_hash: string;
  /** Null while the first request is still running. */
  status_code: number | null;
  response_body: string | null;
  etag: string | null;
  created_at: string;
}

export interface PrivacySettingsTable {
  organisation_id: string;
  min_group_size: number;
  min_comment_group_size: number;
  /** JSON array of the attributes results may be broken down by. */
  breakdown_attributes: string;
  version: Generated<number>;
}

export interface SurveyCyclesTable {
  id: string;
  organisation_id: string;
  form: 'trust_check' | 'pulse';
  title: string;
  pulse_index: number | null;
  with_mirror: number;
  /** JSON array; empty means every sales team. */
  audience_team_ids: string;
  opens_on: string;
  closes_on: string;
  /** 'scheduled' until its opening day: no invitations exist before then. */
  status: 'scheduled' | 'open' | 'closed';
  /** The privacy minimums in force when the cycle opened; results of the cycle keep them. */
  min_group_size: number;
  min_comment_group_size: number;
  /** JSON array: the breakdown attributes in force when the cycle opened; its results keep them too. */
  breakdown_attributes: string;
  created_by: string | null;
  created_at: string;
  version: Generated<number>;
}

export interface SurveyInvitationsTable {
  id: string;
  cycle_id: string;
  organisation_id: string;
  user_id: string;
  form: 'sales' | 'mirror';
  token_hash: string;
  atom_team_id: string;
  atom_region: string;
  atom_tenure_band: string;
  atom_role: string;
  /** After closing: the cycle's reminder rounds for every invitation, so it no longer tells who answered when. */
  reminders_sent: number;
  /** 0 or 1 while the cycle is open; NULL for everyone once it has closed: who answered is then forgotten. */
  answered: number | null;
}

export interface SurveyResponsesTable {
  id: string;
  cycle_id: string;
  organisation_id: string;
  form: 'sales' | 'mirror';
  team_id: string;
  region: string;
  tenure_band: string;
  role: string;
  client_key_hash: string;
  /** The release epoch in which the response was first counted (decision 0013); NULL while pending. */
  release_epoch: number | null;
}

/** One release epoch of a cycle's form: the day it was opened. */
export interface SurveyReleaseEpochsTable {
  cycle_id: string;
  form: 'sales' | 'mirror';
  epoch: number;
  /** 'YYYY-MM-DD' */
  day: string;
}

/** A set released by one plan (measure) of a cycle's form: the group's respondents counted up to `epoch`. */
export interface SurveyReleasedSetsTable {
  cycle_id: string;
  form: 'sales' | 'mirror';
  measure: string;
  group_key: string;
  epoch: number;
}

export interface SurveyAnswersTable {
  response_id: string;
  cycle_id: string;
  item_id: string;
  value: number | null;
  text: string | null;
}

export interface Tables {
  organisations: OrganisationsTable;
  users: UsersTable;
  teams: TeamsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  privacy_settings: PrivacySettingsTable;
  survey_cycles: SurveyCyclesTable;
  survey_invitations: SurveyInvitationsTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  survey_release_epochs: SurveyReleaseEpochsTable;
  survey_released_sets: SurveyReleasedSetsTable;
  request_types: RequestTypesTable;
  request_number_counters: RequestNumberCountersTable;
  requests: RequestsTable;
  request_comments: RequestCommentsTable;
  request_events: RequestEventsTable;
  request_watchers: RequestWatchersTable;
  business_calendars: BusinessCalendarsTable;
  sla_policies: SlaPoliciesTable;
  request_sla_pauses: RequestSlaPausesTable;
  job_leases: JobLeasesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  request_ratings: RequestRatingsTable;
  survey_schedules: SurveySchedulesTable;
  analytics_atom_moments: AnalyticsAtomMomentsTable;
  analytics_cycle_statistics: AnalyticsCycleStatisticsTable;
  analytics_key_driver_intervals: AnalyticsKeyDriverIntervalsTable;
  analytics_group_figures: AnalyticsGroupFiguresTable;
  analytics_cycle_group_figures: AnalyticsCycleGroupFiguresTable;
  attachments: AttachmentsTable;
  assets: AssetsTable;
  asset_tags: AssetTagsTable;
  asset_reuses: AssetReusesTable;
  action_plans: ActionPlansTable;
  action_plan_steps: ActionPlanStepsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type SessionRow = Selectable<SessionsTable>;

// ---------- requests (internal customer portal) ----------
export interface RequestTypesTable {
  id: string;
  organisation_id: string;
  /** A built-in key (RequestTypeKey) or one derived from the name of a type an admin added; never changes. */
  key: string;
  name_de: string;
  name_en: string;
  /** 1 or 0. */
  active: number;
  created_at: string;
  version: Generated<number>;
}

export interface RequestNumberCountersTable {
  organisation_id: string;
  last_number: number;
}

export interface RequestsTable {
  id: string;
  organisation_id: string;
  /** Per-organisation human number (#123). */
  number: number;
  type_id: string;
  title: string;
  description: string;
  account_id: string | null;
  /** ISO date. */
  due_on: string | null;
  priority: RequestPriority;
  status: RequestStatus;
  decline_reason: string | null;
  requester_id: string;
  /** The requester's team at filing time: sales leads see their team's requests. */
  team_id: string | null;
  assignee_id: string | null;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  delivered_at: string | null;
  closed_at: string | null;
  version: Generated<number>;
  /** SLA targets in business minutes, snapshotted at filing (null only for rows made outside filing). */
  first_response_target_minutes: number | null;
  resolution_target_minutes: number | null;
  /** When the resolution clock stopped (delivery or decline); cleared on reopening. */
  sla_stopped_at: string | null;
  /** Recomputed on every state change; null while paused before the target was used up. */
  resolution_due_at: string | null;
  /** The instant 80 % of the resolution target is used; same rules as resolution_due_at. */
  resolution_at_risk_at: string | null;
  /** When the SLA check announced the at-risk state; once per request. */
  sla_at_risk_notified_at: string | null;
  /** When the SLA check announced the breach; once per request. */
  sla_breached_notified_at: string | null;
  /** When the first-response target is used up; recomputed like resolution_due_at. */
  first_response_due_at: string | null;
  /** Outcomes of stopped clocks for the reports (1 met, 0 missed); null while the clock runs. */
  first_response_met: number | null;
  /** Business milliseconds to the first response; bigint, so PostgreSQL hands it over as a string. */
  first_response_business_ms: number | string | null;
  resolution_met: number | null;
  resolution_business_ms: number | string | null;
}

export interface RequestCommentsTable {
  id: string;
  organisation_id: string;
  request_id: string;
  author_id: string;
  body: string;
  visibility: CommentVisibility;
  created_at: string;
}

export interface RequestEventsTable {
  id: string;
  organisation_id: string;
  request_id: string;
  actor_id: string | null;
  kind: RequestEventKind;
  /** JSON object. */
  details: string;
  created_at: string;
}

export interface RequestWatchersTable {
  request_id: string;
  user_id: string;
}

// ---------- SLA policies and business calendars ----------
export interface BusinessCalendarsTable {
  organisation_id: string;
  /** BusinessCalendarConfig as JSON. */
  config: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SlaPoliciesTable {
  organisation_id: string;
  request_type_id: string;
  priority: RequestPriority;
  /** Business minutes. */
  first_response_minutes: number;
  resolution_minutes: number;
  updated_at: string;
  version: Generated<number>;
}

export interface RequestSlaPausesTable {
  id: string;
  request_id: string;
  organisation_id: string;
  reason: 'waiting_for_sales' | 'delivered';
  started_at: string;
  ended_at: string | null;
}

// ---------- scheduled jobs and notifications ----------
export interface JobLeasesTable {
  /** The job's name, e.g. 'sla-check'. */
  name: string;
  /** The process that holds the lease (unique per process start). */
  holder: string;
  expires_at: string;
}

export interface NotificationsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  kind: string;
  /** JSON object. */
  payload: string;
  read_at: string | null;
  created_at: string;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  /** 1 or 0. */
  in_app: number;
  /** 1 or 0. */
  email: number;
}

// ---------- request ratings ----------
export interface RequestRatingsTable {
  /** One rating per request. */
  request_id: string;
  organisation_id: string;
  rater_id: string;
  /** 1–5. */
  score: number;
  comment: string | null;
  /** 1 or 0: marketing went the extra mile. */
  extra_mile: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

// ---------- survey schedules ----------
export interface SurveySchedulesTable {
  organisation_id: string;
  form: 'trust_check' | 'pulse';
  /** 1 or 0. */
  active: number;
  /** 1–28: the day (UTC) on which the period's cycle opens. */
  day_of_month: number;
  /** 3–28: how many days an opened cycle stays open. */
  open_days: number;
  /** JSON array; empty means every sales team. */
  audience_team_ids: string;
  /** 1 or 0; only trust checks have a mirror. */
  with_mirror: number;
  /** YYYY-MM (pulse) or YYYY-Qn (trust check) of the last opened cycle. */
  last_opened_period: string | null;
  version: Generated<number>;
}

// ---------- attachments and the asset library ----------
export interface AttachmentsTable {
  id: string;
  organisation_id: string;
  /** Null for a file uploaded straight to the library. */
  request_id: string | null;
  uploader_id: string | null;
  /** As uploaded, for Content-Disposition only. */
  file_name: string;
  /** Random name of the file under `$DATA_DIR/attachments`. */
  stored_name: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}

/** PostgreSQL adds a generated `search_vector`; it is never selected. */
export interface AssetsTable {
  id: string;
  organisation_id: string;
  request_id: string | null;
  kind: 'link' | 'file';
  url: string | null;
  attachment_id: string | null;
  title: string;
  description: string;
  /** The tags joined by spaces, for the search index. */
  tags_text: string;
  language: 'de' | 'en';
  publisher_id: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface AssetTagsTable {
  asset_id: string;
  organisation_id: string;
  tag: string;
}

export interface AssetReusesTable {
  asset_id: string;
  user_id: string;
  organisation_id: string;
  via: 'used' | 'opened' | 'suggestion';
  created_at: string;
}

// ---------- analytics (stored sufficient statistics of closed cycles) ----------

export interface AnalyticsAtomMomentsTable {
  organisation_id: string;
  cycle_id: string;
  form: 'sales' | 'mirror';
  atom_team_id: string;
  atom_region: string;
  atom_tenure_band: string;
  atom_role: string;
  /** The epoch its respondents were first counted in (decision 0013); 0 for an atom with nobody counted. */
  release_epoch: number;
  /** The atom's invitees, on the atom's lowest-epoch row only (0 on the others), so that rows add up. */
  invited: number;
  respondents: number;
  /** JSON: the trust index and iNPS moments. */
  headline: string;
  /** JSON: the atom's moments (server/lib/stats/moments.ts) without their layout. */
  moments: string;
}

export interface AnalyticsCycleStatisticsTable {
  organisation_id: string;
  cycle_id: string;
  form: 'sales' | 'mirror';
  atoms: number;
}

export interface AnalyticsGroupFiguresTable {
  organisation_id: string;
  cycle_id: string;
  form: 'sales' | 'mirror';
  settings_key: string;
  group_key: string;
  /** JSON: figure → reason, for the figures whose own plan withholds the group. */
  withheld: string;
  respondents: number;
  /** JSON: summed trust index, iNPS and driver moments. */
  headline: string;
  /** JSON: the group's summed moments without their layout. */
  moments: string;
  /** The epoch the cycle's plan releases the group at: its figures include the answers counted up to it. */
  released_at: number;
  /** JSON: figure → epoch, for the figures whose own plan releases the group at an earlier epoch. */
  measure_epochs: string;
}

export interface AnalyticsCycleGroupFiguresTable {
  organisation_id: string;
  cycle_id: string;
  form: 'sales' | 'mirror';
  settings_key: string;
  groups: number;
  /** JSON: reasons of the refused candidate groups, and the teams with their regions. */
  marker: string;
}

export interface AnalyticsKeyDriverIntervalsTable {
  organisation_id: string;
  cycle_id: string;
  group_key: string;
  /** JSON: the key-driver analysis with bootstrap intervals, or why it is not shown. */
  analysis: string;
}

export interface ActionPlansTable {
  id: string;
  organisation_id: string;
  title: string;
  driver_id: string;
  /** Null: the whole organisation. */
  team_id: string | null;
  owner_id: string | null;
  due_on: string;
  status: 'planned' | 'in_progress' | 'done' | 'dropped';
  baseline_cycle_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ActionPlanStepsTable {
  id: string;
  plan_id: string;
  organisation_id: string;
  position: number;
  text: string;
  done: number;
}
