/**
 * In-app notifications and their e-mail copies. `notify` is the one way to tell people something:
 * it honours each recipient's preference per kind (defaults in NOTIFICATION_DEFAULTS) and writes mail
 * in the recipient's language. The request hooks decide who hears about what; internal notes reach
 * marketing only, never sales.
 */
import { randomUUID } from 'node:crypto';
import {
  NOTIFICATION_DEFAULTS,
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  type NotificationListQuery,
  type NotificationPage,
  type NotificationPayload,
  type NotificationPreference,
} from '../../../common/api/notifications.js';
import { nowIso } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { can } from '../../policies/access.js';
import { requestNotificationMail } from '../mail/templates.js';
import * as repo from './notifications.repository.js';

export interface NotifyInput {
  organisationId: string;
  recipients: string[];
  kind: NotificationKind;
  payload: NotificationPayload;
  /** Only recipients this predicate accepts (by role) are told; used to keep internal notes in marketing. */
  onlyRoles?: (role: Parameters<typeof can>[0]) => boolean;
  now?: Date;
}

/** Writes in-app rows and mails per preference; returns who was told in the app. */
export async function notify(deps: AppDeps, input: NotifyInput): Promise<string[]> {
  const { db } = deps.database;
  const unique = [...new Set(input.recipients)];
  const people = (await repo.listRecipients(db, input.organisationId, unique)).filter(
    (p) => !input.onlyRoles || input.onlyRoles(p.role),
  );
  if (people.length === 0) return [];
  const chosen = new Map(
    (
      await repo.listPreferencesOf(
        db,
        people.map((p) => p.id),
        input.kind,
      )
    ).map((p) => [p.user_id, p]),
  );
  const defaults = NOTIFICATION_DEFAULTS[input.kind];
  const wants = (userId: string, channel: 'in_app' | 'email') => {
    const preference = chosen.get(userId);
    if (!preference) return channel === 'in_app' ? defaults.inApp : defaults.email;
    return Number(preference[channel]) === 1;
  };
  const at = (input.now ?? new Date()).toISOString();
  const inApp = people.filter((p) => wants(p.id, 'in_app'));
  await repo.insertNotifications(
    db,
    inApp.map((p) => ({
      id: randomUUID(),
      organisation_id: input.organisationId,
      user_id: p.id,
      kind: input.kind,
      payload: JSON.stringify(input.payload),
      read_at: null,
      created_at: at,
    })),
  );
  const link = deps.config.publicUrl ? `${deps.config.publicUrl}/requests/${input.payload.requestId}` : null;
  for (const person of people.filter((p) => wants(p.id, 'email'))) {
    const mail = requestNotificationMail(person.locale, input.kind, {
      name: person.name,
      number: input.payload.number,
      title: input.payload.title,
      link,
      actorName: input.payload.actorName,
      to: input.payload.to,
    });
    await deps.mailer.send(db, { organisationId: input.organisationId, to: person.email, ...mail });
  }
  return inApp.map((p) => p.id);
}

// ---------- what requests tell whom ----------

export type RequestHappening =
  | { kind: 'request_created' }
  | { kind: 'request_assigned'; assigneeId: string }
  | { kind: 'request_status_changed'; from: string; to: string }
  | { kind: 'request_commented'; visibility: 'public' | 'internal' };

const isMarketing = (role: Parameters<typeof can>[0]) => can(role, 'requests.work');

/**
 * Tells the right people about something that happened to a request, after its transaction committed.
 * A failure here must not turn the committed action into an error answer: it is logged instead.
 */
export async function notifyAboutRequest(
  deps: AppDeps,
  organisationId: string,
  requestId: string,
  actorId: string,
  happening: RequestHappening,
): Promise<void> {
  try {
    const { db } = deps.database;
    const request = await repo.findRequestFacts(db, organisationId, requestId);
    if (!request) return;
    const actor = await repo.findUserName(db, actorId);
    const payload: NotificationPayload = {
      requestId,
      number: Number(request.number),
      title: request.title,
      ...(actor ? { actorName: actor.name } : {}),
    };
    let recipients: string[] = [];
    let onlyRoles: NotifyInput['onlyRoles'];
    switch (happening.kind) {
      case 'request_created':
        recipients = await repo.listMarketingIds(db, organisationId, ['marketing_lead', 'marketer']);
        break;
      case 'request_assigned':
        recipients = [happening.assigneeId];
        break;
      case 'request_status_changed':
        recipients = [request.requester_id, ...(await repo.listWatcherIds(db, requestId))];
        payload.from = happening.from;
        payload.to = happening.to;
        break;
      case 'request_commented':
        recipients = [request.requester_id, ...(await repo.listWatcherIds(db, requestId))];
        if (request.assignee_id) recipients.push(request.assignee_id);
        payload.visibility = happening.visibility;
        if (happening.visibility === 'internal') onlyRoles = isMarketing;
        break;
    }
    await notify(deps, {
      organisationId,
      recipients: recipients.filter((id) => id !== actorId),
      kind: happening.kind,
      payload,
      ...(onlyRoles ? { onlyRoles } : {}),
    });
  } catch (error) {
    // The action itself is committed; a lost notification is reported, not turned into a failed request.
    console.error('notification failed', { requestId, kind: happening.kind, error });
  }
}

// ---------- the reader's own notifications ----------

function presentNotification(row: {
  id: string;
  kind: string;
  payload: string;
  read_at: string | null;
  created_at: string;
}): Notification {
  return {
    id: row.id,
    kind: row.kind as Notification['kind'],
    payload: JSON.parse(row.payload) as Notification['payload'],
    readAt: row.read_at,
    createdAt: row.created_at,
  };
}

export interface Reader {
  userId: string;
  organisationId: string;
}

export async function listOwnNotifications(
  deps: AppDeps,
  reader: Reader,
  query: NotificationListQuery,
): Promise<NotificationPage> {
  const { rows, total, unread } = await repo.listNotifications(deps.database.db, reader.organisationId, reader.userId, {
    unreadOnly: query.unread === 'true',
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: rows.map(presentNotification), total, page: query.page, pageSize: query.pageSize, unreadCount: unread };
}

export async function markNotificationRead(deps: AppDeps, reader: Reader, id: string): Promise<Notification> {
  const { db } = deps.database;
  await repo.markRead(db, reader.organisationId, reader.userId, [id], nowIso());
  const row = await repo.findNotification(db, reader.organisationId, reader.userId, id);
  if (!row) throw notFound('Notification');
  return presentNotification(row);
}

export async function markAllNotificationsRead(deps: AppDeps, reader: Reader) {
  const { db } = deps.database;
  const updated = await repo.markRead(db, reader.organisationId, reader.userId, 'all', nowIso());
  return { updated, unreadCount: await repo.countUnread(db, reader.organisationId, reader.userId) };
}

export async function getPreferences(deps: AppDeps, userId: string): Promise<NotificationPreference[]> {
  const chosen = new Map((await repo.listPreferencesOf(deps.database.db, [userId])).map((p) => [p.kind, p]));
  return NOTIFICATION_KINDS.map((kind) => {
    const preference = chosen.get(kind);
    return preference
      ? { kind, inApp: Number(preference.in_app) === 1, email: Number(preference.email) === 1 }
      : { kind, ...NOTIFICATION_DEFAULTS[kind] };
  });
}

export async function setPreferences(
  deps: AppDeps,
  userId: string,
  preferences: NotificationPreference[],
): Promise<NotificationPreference[]> {
  await deps.database.db.transaction().execute(async (trx) => {
    for (const p of preferences) {
      await repo.upsertPreference(trx, { user_id: userId, kind: p.kind, in_app: p.inApp ? 1 : 0, email: p.email ? 1 : 0 });
    }
  });
  return getPreferences(deps, userId);
}
