/**
 * Reminders to invitees who have not answered. Links are stored hashed, so a reminder carries a new link
 * and the earlier one stops working. How many were reminded is shown only where it cannot tell how many
 * of a small audience answered.
 */

import { cycleTitleOf } from '../../../common/api/cycle-title.js';
import { MAX_REMINDERS } from '../../../common/api/surveys.js';
import { nowIso } from '../../db/database.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { generateToken, hashToken } from '../../lib/tokens.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { type OutgoingMail, sendMails } from '../mail/mailer.js';
import { surveyReminderMail } from '../mail/templates.js';
import { insertSurveyNotifications } from '../notifications/survey-notifications.js';
import * as repo from './surveys.repository.js';

/** A number of people that may be told: none, or at least k. */
const isSafeCount = (count: number, k: number) => count === 0 || count >= k;

export async function sendReminders(deps: AppDeps, actor: Actor, cycleId: string, origin: string) {
  const { db } = deps.database;
  const cycle = await repo.findCycle(db, actor.organisationId, cycleId);
  if (!cycle) throw notFound('Survey cycle');
  if (cycle.status !== 'open' || nowIso().slice(0, 10) > cycle.closes_on) {
    throw new AppError(409, 'cycle_closed', 'This cycle is closed; reminders are no longer sent.');
  }
  // Counted per cycle (the "at most two per cycle"), so that a refusal and the cycle's
  // remindersSent say the same thing whoever has answered meanwhile.
  const [rounds] = await repo.countReminderRounds(db, [cycle.id]);
  if (Number(rounds?.rounds ?? 0) >= MAX_REMINDERS) {
    throw new AppError(409, 'reminder_limit', `At most ${MAX_REMINDERS} reminders are sent per cycle.`);
  }
  const candidates = await repo.findRemindableInvitations(db, cycle.id, MAX_REMINDERS);
  const mails: OutgoingMail[] = [];
  const remindedUserIds: string[] = [];
  const remindedByForm = new Map<string, number>();
  for (const invitation of candidates) {
    const token = generateToken();
    // Answered meanwhile, or reminded by a concurrent request: no mail.
    if (!(await repo.replaceInvitationToken(db, invitation.id, hashToken(token), MAX_REMINDERS))) continue;
    remindedByForm.set(invitation.form, (remindedByForm.get(invitation.form) ?? 0) + 1);
    remindedUserIds.push(invitation.user_id);
    const mail = surveyReminderMail(invitation.locale, {
      name: invitation.name,
      organisation: actor.organisationName,
      title: cycleTitleOf({ title: cycle.title, form: cycle.form, opensOn: cycle.opens_on }, invitation.locale),
      closesOn: cycle.closes_on,
      link: `${deps.config.publicUrl ?? origin}/answer/${token}`,
      mirror: invitation.form === 'mirror',
    });
    mails.push({ organisationId: actor.organisationId, to: invitation.email, ...mail });
  }
  const participation = await repo.countParticipationByForm(db, cycle.id);
  const k = cycle.min_group_size;
  // Per form: the answered count itself, and invited − reminded (answered plus those no longer reminded).
  const safe = participation.every((row) => {
    const invited = Number(row.invited);
    const answered = Number(row.answered ?? 0);
    const reminded = remindedByForm.get(row.form) ?? 0;
    return isSafeCount(answered, k) && isSafeCount(invited - reminded, k);
  });
  const reminded = safe ? mails.length : null;
  await insertAuditEntry(db, {
    organisationId: actor.organisationId,
    actorId: actor.userId,
    action: 'survey.reminders_sent',
    targetType: 'survey_cycle',
    targetId: cycle.id,
    details: { reminded },
    ip: actor.ip,
  });
  // In the app as well, to exactly those a reminder mail goes to: it tells them no more than the mail.
  await insertSurveyNotifications(db, {
    organisationId: actor.organisationId,
    kind: 'survey_reminded',
    cycle,
    userIds: remindedUserIds,
    at: nowIso(),
  });
  await sendMails(deps.mailer, deps.database.db, mails);
  return { reminded };
}
