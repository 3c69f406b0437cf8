import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  notification,
  notificationListQuery,
  notificationPage,
  notificationPreferences,
  notificationPreferencesBody,
  notificationReadAll,
} from '../../../common/api/notifications.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import {
  getPreferences,
  listOwnNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Reader,
  setPreferences,
} from './notifications.service.js';

function readerOf(request: FastifyRequest): Reader {
  const session = requireAuth(request);
  return { userId: session.user_id, organisationId: session.organisation_id };
}

/** Everyone reads and manages only their own notifications; there is no way to address someone else's. */
export function registerNotificationRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/notifications',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['notifications'],
        description: "The caller's notifications, newest first, with the number of unread ones.",
        querystring: notificationListQuery,
        response: { 200: notificationPage },
      },
    },
    async (request) => listOwnNotifications(deps, readerOf(request), request.query),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['notifications'], params: z.object({ id: z.uuid() }), response: { 200: notification } },
    },
    async (request) => markNotificationRead(deps, readerOf(request), request.params.id),
  );

  r.post(
    '/api/notifications/read-all',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['notifications'], response: { 200: notificationReadAll } },
    },
    async (request) => markAllNotificationsRead(deps, readerOf(request)),
  );

  r.get(
    '/api/notifications/preferences',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['notifications'], response: { 200: notificationPreferences } },
    },
    async (request) => getPreferences(deps, readerOf(request).userId),
  );

  r.put(
    '/api/notifications/preferences',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['notifications'],
        description: 'Sets the in-app and e-mail choice for the given kinds; kinds left out keep their setting.',
        body: notificationPreferencesBody,
        response: { 200: notificationPreferences },
      },
    },
    async (request) => setPreferences(deps, readerOf(request).userId, request.body.preferences),
  );
}
