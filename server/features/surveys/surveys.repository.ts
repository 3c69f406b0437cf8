import type { Kysely } from 'kysely';
import type { Role } from '../../../common/roles.js';
import type {
  SurveyAnswersTable,
  SurveyCyclesTable,
  SurveyInvitationsTable,
  SurveyResponsesTable,
  Tables,
} from '../../db/tables.js';

/** Active people of the organisation with the given roles, with their team and region. */
export function findAudience(db: Kysely<Tables>, organisationId: string, roles: Role[], teamIds: string[]) {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.locale',
      'users.role',
      'users.start_date',
      'users.team_id',
      'teams.region',
    ])
    .where('users.organisation_id', '=', organisationId)
    .where('users.status', '=', 'active')
    .where('users.role', 'in', roles);
  if (teamIds.length > 0) query = query.where('users.team_id', 'in', teamIds);
  return query.execute();
}
export type AudienceMember = Awaited<ReturnType<typeof findAudience>>[number];

export function countTeamsOfOrganisation(db: Kysely<Tables>, organisationId: string, teamIds: string[]) {
  return db
    .selectFrom('teams')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', teamIds)
    .executeTakeFirstOrThrow();
}

export async function insertCycle(db: Kysely<Tables>, row: Omit<SurveyCyclesTable, 'version'>) {
  await db.insertInto('survey_cycles').values(row).execute();
}

export async function insertInvitations(db: Kysely<Tables>, rows: SurveyInvitationsTable[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('survey_invitations')
      .values(rows.slice(i, i + 500))
      .execute();
}

export function findCycle(db: Kysely<Tables>, organisationId: string, cycleId: string) {
  return db
    .selectFrom('survey_cycles')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', cycleId)
    .executeTakeFirst();
}

export async function listCycles(db: Kysely<Tables>, organisationId: string, window: { offset: number; limit: number }) {
  const base = db.selectFrom('survey_cycles').where('organisation_id', '=', organisationId);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('opens_on', 'desc')
      .orderBy('created_at', 'desc')
      .offset(window.offset)
      .limit(window.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * Invited and answered counts of the sales form per cycle. Answered is the number of responses (one per
 * answered invitation): the per-person flags are forgotten when a cycle closes.
 */
export function countParticipation(db: Kysely<Tables>, cycleIds: string[]) {
  if (cycleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('survey_invitations')
    .select(['cycle_id'])
    .select((eb) => [
      eb.fn.countAll<number>().as('invited'),
      eb
        .selectFrom('survey_responses')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('survey_responses.cycle_id', '=', 'survey_invitations.cycle_id')
        .where('survey_responses.form', '=', 'sales')
        .as('answered'),
    ])
    .where('cycle_id', 'in', cycleIds)
    .where('form', '=', 'sales')
    .groupBy('cycle_id')
    .execute();
}

export async function closeCycleIfOpen(db: Kysely<Tables>, organisationId: string, cycleId: string) {
  const result = await db
    .updateTable('survey_cycles')
    .set((eb) => ({ status: 'closed' as const, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', cycleId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims a scheduled cycle for opening with the privacy settings of the opening day; false when it is
 * no longer scheduled (another run opened it, or it was cancelled) or no longer at the version its
 * invitations were prepared from (it was changed meanwhile). Row-locking in PostgreSQL and the single
 * writer of SQLite make the claim exclusive within the caller's transaction.
 */
export async function markScheduledCycleOpen(
  db: Kysely<Tables>,
  organisationId: string,
  cycleId: string,
  expectedVersion: number,
  minimums: Pick<SurveyCyclesTable, 'min_group_size' | 'min_comment_group_size' | 'breakdown_attributes'>,
) {
  const result = await db
    .updateTable('survey_cycles')
    .set((eb) => ({ status: 'open' as const, ...minimums, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', cycleId)
    .where('status', '=', 'scheduled')
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Scheduled cycles whose opening day has come, oldest first, with their organisation's name. */
export function listDueScheduledCycles(db: Kysely<Tables>, today: string, organisationIds?: string[]) {
  let query = db
    .selectFrom('survey_cycles')
    .innerJoin('organisations', 'organisations.id', 'survey_cycles.organisation_id')
    .selectAll('survey_cycles')
    .select('organisations.name as organisation_name')
    .where('survey_cycles.status', '=', 'scheduled')
    .where('survey_cycles.opens_on', '<=', today);
  if (organisationIds) query = query.where('survey_cycles.organisation_id', 'in', organisationIds);
  return query.orderBy('survey_cycles.opens_on').orderBy('survey_cycles.created_at').execute();
}

type ScheduledCycleValues = Pick<
  SurveyCyclesTable,
  'title' | 'audience_team_ids' | 'with_mirror' | 'opens_on' | 'closes_on' | 'pulse_index'
>;

/** Changes a cycle still scheduled and at the expected version; false otherwise. */
export async function updateScheduledCycle(
  db: Kysely<Tables>,
  organisationId: string,
  cycleId: string,
  expectedVersion: number,
  values: ScheduledCycleValues,
) {
  const result = await db
    .updateTable('survey_cycles')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', cycleId)
    .where('status', '=', 'scheduled')
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a cycle that has not opened yet (it has no invitations); false when it has opened meanwhile. */
export async function deleteScheduledCycle(db: Kysely<Tables>, organisationId: string, cycleId: string) {
  const result = await db
    .deleteFrom('survey_cycles')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', cycleId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function findInvitationByToken(db: Kysely<Tables>, tokenHash: string) {
  return db
    .selectFrom('survey_invitations')
    .innerJoin('survey_cycles', 'survey_cycles.id', 'survey_invitations.cycle_id')
    .innerJoin('organisations', 'organisations.id', 'survey_invitations.organisation_id')
    .innerJoin('users', 'users.id', 'survey_invitations.user_id')
    .select([
      'survey_invitations.id',
      'survey_invitations.cycle_id',
      'survey_invitations.organisation_id',
      'survey_invitations.form',
      'survey_invitations.answered',
      'survey_invitations.atom_team_id',
      'survey_invitations.atom_region',
      'survey_invitations.atom_tenure_band',
      'survey_invitations.atom_role',
      'survey_cycles.form as cycle_form',
      'survey_cycles.title',
      'survey_cycles.opens_on',
      'survey_cycles.pulse_index',
      'survey_cycles.closes_on',
      'survey_cycles.status',
      'organisations.name as organisation_name',
      'users.locale',
    ])
    .where('survey_invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
export type InvitationWithCycle = NonNullable<Awaited<ReturnType<typeof findInvitationByToken>>>;

/** Records that the invitation is answered; false when it already was (a second submission or a race). */
export async function markInvitationAnswered(db: Kysely<Tables>, invitationId: string): Promise<boolean> {
  const result = await db
    .updateTable('survey_invitations')
    .set({ answered: 1 })
    .where('id', '=', invitationId)
    .where('answered', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether a response of the cycle was sent with this client key; keys are unique per cycle only. */
export async function responseExistsWithClientKey(db: Kysely<Tables>, cycleId: string, clientKeyHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('survey_responses')
    .select('id')
    .where('cycle_id', '=', cycleId)
    .where('client_key_hash', '=', clientKeyHash)
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertResponse(db: Kysely<Tables>, response: SurveyResponsesTable, answers: SurveyAnswersTable[]) {
  await db.insertInto('survey_responses').values(response).execute();
  if (answers.length > 0) await db.insertInto('survey_answers').values(answers).execute();
}

// ---------- results ----------

type SurveyForm = SurveyInvitationsTable['form'];

/** Invited people per atom: the atoms of everyone asked, whether or not anyone in them answered. */
export function countInviteesByAtom(db: Kysely<Tables>, cycleId: string, form: SurveyForm) {
  return db
    .selectFrom('survey_invitations')
    .select(['atom_team_id', 'atom_region', 'atom_tenure_band', 'atom_role'])
    .select((eb) => eb.fn.countAll<number>().as('invited'))
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .groupBy(['atom_team_id', 'atom_region', 'atom_tenure_band', 'atom_role'])
    .execute();
}

export function countRespondentsByAtom(db: Kysely<Tables>, cycleId: string, form: SurveyForm) {
  return db
    .selectFrom('survey_responses')
    .select(['team_id', 'region', 'tenure_band', 'role'])
    .select((eb) => eb.fn.countAll<number>().as('respondents'))
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .groupBy(['team_id', 'region', 'tenure_band', 'role'])
    .execute();
}

/** The atom columns a filter value must equal; a widened value ('*') never equals a specific one. */
export interface AtomFilter {
  team?: string | undefined;
  region?: string | undefined;
  tenureBand?: string | undefined;
  role?: string | undefined;
}

/** Numeric answers (statements and iNPS) of the cycle's responses of one form, with each response's atom. */
export function findNumericAnswers(db: Kysely<Tables>, cycleId: string, form: SurveyForm, filter: AtomFilter) {
  let query = db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_responses.id as response_id',
      'survey_responses.team_id',
      'survey_responses.region',
      'survey_responses.tenure_band',
      'survey_responses.role',
      'survey_responses.release_epoch',
      'survey_answers.item_id',
      'survey_answers.value',
    ])
    .where('survey_responses.cycle_id', '=', cycleId)
    .where('survey_responses.form', '=', form)
    .where('survey_answers.value', 'is not', null);
  if (filter.team !== undefined) query = query.where('survey_responses.team_id', '=', filter.team);
  if (filter.region !== undefined) query = query.where('survey_responses.region', '=', filter.region);
  if (filter.tenureBand !== undefined) query = query.where('survey_responses.tenure_band', '=', filter.tenureBand);
  if (filter.role !== undefined) query = query.where('survey_responses.role', '=', filter.role);
  return query.execute();
}

/** Texts of the open questions of the sales responses matching the filter, with the epoch each was counted in; no order is promised. */
export function findOpenAnswerTexts(db: Kysely<Tables>, cycleId: string, itemIds: string[], filter: AtomFilter) {
  let query = db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select(['survey_answers.item_id', 'survey_answers.text', 'survey_responses.release_epoch'])
    .where('survey_responses.cycle_id', '=', cycleId)
    .where('survey_responses.form', '=', 'sales')
    .where('survey_answers.item_id', 'in', itemIds)
    .where('survey_answers.text', 'is not', null);
  if (filter.team !== undefined) query = query.where('survey_responses.team_id', '=', filter.team);
  if (filter.region !== undefined) query = query.where('survey_responses.region', '=', filter.region);
  if (filter.tenureBand !== undefined) query = query.where('survey_responses.tenure_band', '=', filter.tenureBand);
  if (filter.role !== undefined) query = query.where('survey_responses.role', '=', filter.role);
  return query.execute();
}

// ---------- reminders ----------

/** Invited and answered counts per form of one cycle; answered counts the responses, as in countParticipation. */
export function countParticipationByForm(db: Kysely<Tables>, cycleId: string) {
  return db
    .selectFrom('survey_invitations')
    .select(['form'])
    .select((eb) => [
      eb.fn.countAll<number>().as('invited'),
      eb
        .selectFrom('survey_responses')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .where('survey_responses.cycle_id', '=', cycleId)
        .whereRef('survey_responses.form', '=', 'survey_invitations.form')
        .as('answered'),
    ])
    .where('cycle_id', '=', cycleId)
    .groupBy('form')
    .execute();
}

/** Reminder rounds of each cycle: the most reminders any of its invitations has had. */
export function countReminderRounds(db: Kysely<Tables>, cycleIds: string[]) {
  return db
    .selectFrom('survey_invitations')
    .select(['cycle_id'])
    .select((eb) => eb.fn.max<number>('reminders_sent').as('rounds'))
    .where('cycle_id', 'in', cycleIds)
    .groupBy('cycle_id')
    .execute();
}

/** Active invitees who have not answered and have had fewer than `maxReminders` reminders. */
export function findRemindableInvitations(db: Kysely<Tables>, cycleId: string, maxReminders: number) {
  return db
    .selectFrom('survey_invitations')
    .innerJoin('users', 'users.id', 'survey_invitations.user_id')
    .select([
      'survey_invitations.id',
      'survey_invitations.user_id',
      'survey_invitations.form',
      'users.email',
      'users.name',
      'users.locale',
    ])
    .where('survey_invitations.cycle_id', '=', cycleId)
    .where('survey_invitations.answered', '=', 0)
    .where('survey_invitations.reminders_sent', '<', maxReminders)
    .where('users.status', '=', 'active')
    .execute();
}

/** Replaces the link of a still unanswered invitation and counts the reminder; false if it was answered meanwhile. */
export async function replaceInvitationToken(
  db: Kysely<Tables>,
  invitationId: string,
  tokenHash: string,
  maxReminders: number,
): Promise<boolean> {
  const result = await db
    .updateTable('survey_invitations')
    .set((eb) => ({ token_hash: tokenHash, reminders_sent: eb('reminders_sent', '+', 1) }))
    .where('id', '=', invitationId)
    .where('answered', '=', 0)
    .where('reminders_sent', '<', maxReminders)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
