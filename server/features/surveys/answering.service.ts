/**
 * Answering by personal link. The response is written without any reference to the person: the
 * invitation is marked answered and the response row (random id, coarse atom, no time) inserted in one
 * transaction, with nothing in either row that points at the other. The mark lasts only while the
 * cycle is open (closing.ts).
 */

import { randomUUID } from 'node:crypto';
import { cycleTitleOf } from '../../../common/api/cycle-title.js';
import type { AnsweringForm } from '../../../common/api/surveys.js';
import { itemsOfForm, MIRROR_FORM_ITEMS } from '../../../common/instrument/forms.js';
import type { Item } from '../../../common/instrument/items.js';
import { validateAnswers } from '../../../common/instrument/scoring.js';
import { nowIso } from '../../db/database.js';
import type { SurveyAnswersTable } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { hashToken } from '../../lib/tokens.js';
import * as repo from './surveys.repository.js';

const unknownLink = () =>
  new AppError(404, 'token_invalid', 'This survey link is not valid. Use the link from your latest invitation.');

/** The problem code the answering page recognises to ask for at least one answer. */
const NO_ANSWER = 'no_answer';

const nothingAnswered = () =>
  new AppError(
    400,
    'validation_failed',
    'Answer at least one statement or question before sending: a response without any answer is not counted.',
    [{ path: 'answers', code: NO_ANSWER, message: 'no answer' }],
  );

/** Unique per cycle: one key, one response. Another invitation's submission with it must choose a new key. */
const clientKeyInUse = () =>
  new AppError(
    409,
    'conflict',
    'This client key was already used for another response to this survey. Send again with a new key (reload the page).',
  );

/** PostgreSQL and SQLite report a violated unique index differently. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function formItemsOf(invitation: repo.InvitationWithCycle): readonly Item[] {
  if (invitation.form === 'mirror') return MIRROR_FORM_ITEMS;
  return itemsOfForm(invitation.cycle_form, invitation.pulse_index ?? 0);
}

function isOpen(invitation: repo.InvitationWithCycle) {
  return invitation.status === 'open' && nowIso().slice(0, 10) <= invitation.closes_on;
}

export async function describeAnsweringForm(deps: AppDeps, token: string): Promise<AnsweringForm> {
  const invitation = await repo.findInvitationByToken(deps.database.db, hashToken(token));
  if (!invitation) throw unknownLink();
  return {
    organisationName: invitation.organisation_name,
    cycleTitle: cycleTitleOf(
      { title: invitation.title, form: invitation.cycle_form, opensOn: invitation.opens_on },
      invitation.locale,
    ),
    form: invitation.form === 'mirror' ? 'mirror' : invitation.cycle_form,
    locale: invitation.locale,
    closesOn: invitation.closes_on,
    open: isOpen(invitation),
    answered: invitation.answered === 1,
    itemIds: formItemsOf(invitation).map((item) => item.id),
  };
}

export async function submitAnswers(
  deps: AppDeps,
  token: string,
  input: { clientKey: string; answers: Record<string, unknown> },
): Promise<{ replayed: boolean }> {
  const { db } = deps.database;
  const invitation = await repo.findInvitationByToken(db, hashToken(token));
  if (!invitation) throw unknownLink();
  if (!isOpen(invitation)) throw new AppError(409, 'cycle_closed', 'This survey is closed; answers are no longer taken.');
  const { problems, answers } = validateAnswers(formItemsOf(invitation), input.answers);
  if (problems.length > 0) {
    const first = problems[0];
    throw new AppError(400, 'validation_failed', `Invalid answer${first ? ` to ${first.itemId}: ${first.code}` : ''}.`, problems);
  }
  const clientKeyHash = hashToken(input.clientKey);
  const responseId = randomUUID();
  const rows: SurveyAnswersTable[] = [];
  for (const [itemId, value] of Object.entries(answers)) {
    // "Can't judge" and skipped questions are no answer: nothing is stored, never a 3.
    if (value === null || value === undefined) continue;
    rows.push({
      response_id: responseId,
      cycle_id: invitation.cycle_id,
      item_id: itemId,
      value: typeof value === 'number' ? value : null,
      text: typeof value === 'string' ? value : null,
    });
  }
  // Everything skipped or "can't judge": a response without an answer would only count as a respondent.
  if (rows.length === 0) throw nothingAnswered();

  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await repo.markInvitationAnswered(trx, invitation.id))) {
        // A retry of the submission that already counted answers as before; anything else is a second
        // submission. Which response belongs to this invitation cannot be known (that is the point): a
        // retry is recognised by its key among the responses of this cycle.
        if (await repo.responseExistsWithClientKey(trx, invitation.cycle_id, clientKeyHash)) return { replayed: true };
        throw new AppError(409, 'already_answered', 'You have already answered this survey. Thank you!');
      }
      // A first submission whose key another response of the cycle already has: refused, the mark rolls back.
      if (await repo.responseExistsWithClientKey(trx, invitation.cycle_id, clientKeyHash)) throw clientKeyInUse();
      await repo.insertResponse(
        trx,
        {
          id: responseId,
          cycle_id: invitation.cycle_id,
          organisation_id: invitation.organisation_id,
          form: invitation.form,
          team_id: invitation.atom_team_id,
          region: invitation.atom_region,
          tenure_band: invitation.atom_tenure_band,
          role: invitation.atom_role,
          client_key_hash: clientKeyHash,
          // Pending: counted in no figure until a read or the closing opens the next release epoch.
          release_epoch: null,
        },
        rows,
      );
      return { replayed: false };
    });
  } catch (error) {
    // Two first submissions with the same key at the same moment: the unique index lets one through.
    if (isUniqueViolation(error)) throw clientKeyInUse();
    throw error;
  }
}
