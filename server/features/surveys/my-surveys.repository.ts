import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.js';

/** The person's unanswered invitations to cycles that are open on `today`, soonest closing first. */
export function listOpenUnansweredInvitations(db: Kysely<Tables>, organisationId: string, userId: string, today: string) {
  return db
    .selectFrom('survey_invitations')
    .innerJoin('survey_cycles', 'survey_cycles.id', 'survey_invitations.cycle_id')
    .select([
      'survey_cycles.id',
      'survey_cycles.form',
      'survey_cycles.title',
      'survey_cycles.opens_on',
      'survey_cycles.closes_on',
    ])
    .where('survey_invitations.organisation_id', '=', organisationId)
    .where('survey_cycles.organisation_id', '=', organisationId)
    .where('survey_invitations.user_id', '=', userId)
    .where('survey_invitations.answered', '=', 0)
    .where('survey_cycles.status', '=', 'open')
    .where('survey_cycles.closes_on', '>=', today)
    .orderBy('survey_cycles.closes_on')
    .orderBy('survey_cycles.id')
    .execute();
}

/** The person's invitation to one cycle of their organisation, with the cycle's state. */
export function findOwnInvitation(db: Kysely<Tables>, organisationId: string, userId: string, cycleId: string) {
  return db
    .selectFrom('survey_invitations')
    .innerJoin('survey_cycles', 'survey_cycles.id', 'survey_invitations.cycle_id')
    .select(['survey_invitations.id', 'survey_invitations.answered', 'survey_cycles.status', 'survey_cycles.closes_on'])
    .where('survey_invitations.organisation_id', '=', organisationId)
    .where('survey_cycles.organisation_id', '=', organisationId)
    .where('survey_invitations.user_id', '=', userId)
    .where('survey_invitations.cycle_id', '=', cycleId)
    .executeTakeFirst();
}

/**
 * Replaces the link of a still unanswered invitation without counting a reminder (the reminder count
 * limits what the organisation sends, not what the person asks for); false if it was answered meanwhile.
 */
export async function replaceOwnInvitationToken(db: Kysely<Tables>, invitationId: string, tokenHash: string): Promise<boolean> {
  const result = await db
    .updateTable('survey_invitations')
    .set({ token_hash: tokenHash })
    .where('id', '=', invitationId)
    .where('answered', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
