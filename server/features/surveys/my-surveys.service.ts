/**
 * A person's own open survey invitations in the app. Links are stored hashed, so the app cannot show
 * the e-mailed link again: it issues a new one, and (as after a reminder) the e-mailed link stops working.
 * Nothing is written to the audit log: an entry would tell who had not answered yet at that moment.
 */

import type { MySurvey, MySurveyLink } from '../../../common/api/my-surveys.js';
import { nowIso } from '../../db/database.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { generateToken, hashToken } from '../../lib/tokens.js';
import * as repo from './my-surveys.repository.js';

const today = () => nowIso().slice(0, 10);

export async function listMySurveys(deps: AppDeps, actor: Actor): Promise<MySurvey[]> {
  const rows = await repo.listOpenUnansweredInvitations(deps.database.db, actor.organisationId, actor.userId, today());
  return rows.map((row) => ({
    cycleId: row.id,
    form: row.form,
    title: row.title || null,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
  }));
}

export async function issueMySurveyLink(deps: AppDeps, actor: Actor, cycleId: string): Promise<MySurveyLink> {
  const { db } = deps.database;
  const invitation = await repo.findOwnInvitation(db, actor.organisationId, actor.userId, cycleId);
  if (!invitation) throw notFound('Survey invitation');
  if (invitation.status !== 'open' || today() > invitation.closes_on) {
    throw new AppError(409, 'cycle_closed', 'This survey is closed; answers are no longer taken.');
  }
  const alreadyAnswered = () => new AppError(409, 'already_answered', 'You have already answered this survey. Thank you!');
  if (invitation.answered === 1) throw alreadyAnswered();
  const token = generateToken();
  // The previously e-mailed link stops working here, exactly as after a reminder.
  if (!(await repo.replaceOwnInvitationToken(db, invitation.id, hashToken(token)))) throw alreadyAnswered();
  return { url: `/answer/${token}` };
}
