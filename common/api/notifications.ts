/**
 * API shapes of in-app notifications and their preferences.
 */
import { z } from 'zod';

export const NOTIFICATION_KINDS = [
  'request_created',
  'request_assigned',
  'request_status_changed',
  'request_commented',
  'sla_at_risk',
  'sla_breached',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);

/**
 * Defaults for anyone who has not chosen: every kind shows in the app; e-mail goes out for what needs
 * action or closes a loop (an assignment, a status change of one's request, SLA warnings), not for
 * every new request in the queue or every comment, which would bury the important mails.
 */
export const NOTIFICATION_DEFAULTS: Record<NotificationKind, { inApp: boolean; email: boolean }> = {
  request_created: { inApp: true, email: false },
  request_assigned: { inApp: true, email: true },
  request_status_changed: { inApp: true, email: true },
  request_commented: { inApp: true, email: false },
  sla_at_risk: { inApp: true, email: true },
  sla_breached: { inApp: true, email: true },
};

/** What a notification is about; the client renders the text in the reader's language. */
export const notificationPayload = z.object({
  requestId: z.string(),
  number: z.number().int(),
  title: z.string(),
  actorName: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  visibility: z.enum(['public', 'internal']).optional(),
  dueAt: z.string().optional(),
});
export type NotificationPayload = z.infer<typeof notificationPayload>;

/**
 * A survey's invitation and its reminders, shown in the app as well. Not among the kinds one can choose
 * (NOTIFICATION_KINDS): the invitation mail goes out in any case, and it is the only place for the
 * personal answering link, which never enters a notification; the app links to the person's own surveys.
 */
export const SURVEY_NOTIFICATION_KINDS = ['survey_invited', 'survey_reminded'] as const;
export type SurveyNotificationKind = (typeof SURVEY_NOTIFICATION_KINDS)[number];

/** Names the cycle (in the reader's language, cycleTitleOf) and its closing day; nothing about answers. */
export const surveyNotificationPayload = z.object({
  cycleId: z.string(),
  form: z.enum(['trust_check', 'pulse']),
  /** Null when the cycle has no title of its own. */
  title: z.string().nullable(),
  opensOn: z.string(),
  closesOn: z.string(),
});
export type SurveyNotificationPayload = z.infer<typeof surveyNotificationPayload>;

export const notification = z.object({
  id: z.string(),
  kind: z.enum([...NOTIFICATION_KINDS, ...SURVEY_NOTIFICATION_KINDS]),
  payload: z.union([notificationPayload, surveyNotificationPayload]),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notification>;

export const notificationListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const notificationPage = z.object({
  items: z.array(notification),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  unreadCount: z.number().int(),
});
export type NotificationPage = z.infer<typeof notificationPage>;

export const notificationReadAll = z.object({ updated: z.number().int(), unreadCount: z.number().int() });

export const notificationPreference = z.object({
  kind: notificationKindSchema,
  inApp: z.boolean(),
  email: z.boolean(),
});
export type NotificationPreference = z.infer<typeof notificationPreference>;
export const notificationPreferences = z.array(notificationPreference);
export const notificationPreferencesBody = z.object({
  preferences: z.array(notificationPreference).min(1).max(NOTIFICATION_KINDS.length),
});
