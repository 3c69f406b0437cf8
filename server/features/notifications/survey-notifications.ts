/**
 * In-app copies of survey invitations and reminders. They go to exactly the people the mails go to
 * (everyone invited; on a reminder round, those reminded), so they tell nobody more than the mails do:
 * a reminder already implies "not answered yet". The row names the cycle and its closing day only; the
 * personal answering link stays in the mail, and the app leads to the person's own open surveys, which
 * issue a fresh link on demand. Written in the caller's transaction where there is one, so that an
 * opening that rolls back leaves no notification behind.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SurveyNotificationKind, SurveyNotificationPayload } from '../../../common/api/notifications.js';
import type { SurveyCyclesTable, Tables } from '../../db/tables.js';
import { insertNotifications } from './notifications.repository.js';

/** Rows per insert: seven values each, well inside the parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

export async function insertSurveyNotifications(
  db: Kysely<Tables>,
  input: {
    organisationId: string;
    kind: SurveyNotificationKind;
    cycle: Pick<SurveyCyclesTable, 'id' | 'form' | 'title' | 'opens_on' | 'closes_on'>;
    userIds: readonly string[];
    at: string;
  },
): Promise<void> {
  const payload: SurveyNotificationPayload = {
    cycleId: input.cycle.id,
    form: input.cycle.form,
    title: input.cycle.title === '' ? null : input.cycle.title,
    opensOn: input.cycle.opens_on,
    closesOn: input.cycle.closes_on,
  };
  const text = JSON.stringify(payload);
  const userIds = [...new Set(input.userIds)];
  for (let i = 0; i < userIds.length; i += CHUNK) {
    await insertNotifications(
      db,
      userIds.slice(i, i + CHUNK).map((userId) => ({
        id: randomUUID(),
        organisation_id: input.organisationId,
        user_id: userId,
        kind: input.kind,
        payload: text,
        read_at: null,
        created_at: input.at,
      })),
    );
  }
}
