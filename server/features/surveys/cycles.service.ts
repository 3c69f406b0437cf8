/**
 * Opening and closing survey cycles. Opening invites the audience: every active sales rep and sales
 * lead of the chosen teams (all sales teams when none are chosen) and, with a trust check, every
 * marketer and marketing lead for the mirror form; each gets a personal link by e-mail. A cycle with a
 * later opening day is stored as scheduled and invites nobody until the job opens it on that day.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Page } from '../../../common/api/contracts.js';
import { cycleTitleOf } from '../../../common/api/cycle-title.js';
import {
  AUDIENCE_NOBODY_TO_ASK,
  AUDIENCE_UNKNOWN_TEAM,
  type Cycle,
  type CycleUpdateBody,
  MAX_SCHEDULE_DAYS,
} from '../../../common/api/surveys.js';
import { pulseCycleIndexOfMonth } from '../../../common/instrument/forms.js';
import { nowIso } from '../../db/database.js';
import type { SurveyCyclesTable, SurveyInvitationsTable, Tables } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { generateToken, hashToken } from '../../lib/tokens.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { type OutgoingMail, sendMails } from '../mail/mailer.js';
import { surveyInvitationMail } from '../mail/templates.js';
import { insertSurveyNotifications } from '../notifications/survey-notifications.js';
import { getPrivacySettings } from '../privacy/privacy.service.js';
import { assignAtoms } from './atoms.js';
import { forgetParticipationOfClosingCycle, takeFinalReleaseEpochs } from './closing.js';
import * as repo from './surveys.repository.js';

export interface OpenCycleInput {
  form: 'trust_check' | 'pulse';
  title?: string | undefined;
  audienceTeamIds: string[];
  withMirror: boolean;
  /** Omitted: today. A later day stores the cycle as scheduled; it is opened by the job on that day. */
  opensOn?: string | undefined;
  closesOn: string;
}

function today(): string {
  return nowIso().slice(0, 10);
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Who opens or closes a cycle: a person, or (userId null) a job: the schedule, or the closing day. */
export type CycleOpener = Omit<Actor, 'userId' | 'ip'> & { userId: string | null; ip: string | null };

export interface OpenCycleOptions {
  /** The opening day is taken from it (UTC); defaults to the clock. */
  now?: Date;
  /** Runs first in the transaction that inserts the cycle; a throw rolls the opening back. */
  inTransaction?: (trx: Transaction<Tables>) => Promise<void>;
}

function checkDates(opensOn: string, closesOn: string, day: string) {
  if (opensOn < day) {
    throw new AppError(400, 'opens_on_in_past', 'The opening date must be today or later.', [
      { path: 'opensOn', message: 'in the past' },
    ]);
  }
  if (opensOn > addDays(day, MAX_SCHEDULE_DAYS)) {
    throw new AppError(400, 'opens_on_too_far', `A cycle can be scheduled at most ${MAX_SCHEDULE_DAYS} days ahead.`, [
      { path: 'opensOn', message: 'too far ahead' },
    ]);
  }
  if (closesOn <= opensOn) {
    throw new AppError(400, 'closes_on_not_after_opening', 'The closing date must be after the opening date.', [
      { path: 'closesOn', message: 'not after the opening date' },
    ]);
  }
}

async function checkTeams(db: AppDeps['database']['db'], organisationId: string, teamIds: string[]) {
  if (teamIds.length > 0 && Number((await repo.countTeamsOfOrganisation(db, organisationId, teamIds)).n) !== teamIds.length) {
    throw new AppError(400, 'validation_failed', 'Some of the chosen teams do not exist.', [
      { path: 'audienceTeamIds', message: AUDIENCE_UNKNOWN_TEAM },
    ]);
  }
}

const nobodyToAsk = () =>
  new AppError(400, 'validation_failed', 'Nobody in the chosen audience can be asked: add sales people to the teams first.', [
    { path: 'audienceTeamIds', message: AUDIENCE_NOBODY_TO_ASK },
  ]);

interface PreparedInvitations {
  invitations: SurveyInvitationsTable[];
  mails: OutgoingMail[];
  invited: number;
  mirrorInvited: number;
}

/**
 * The invitations of a cycle, from the people active on `day` (their teams, regions and tenure on that
 * day decide the atoms), with a personal link and a mail in each person's language.
 */
async function prepareInvitations(
  deps: AppDeps,
  organisation: { id: string; name: string },
  cycle: Pick<SurveyCyclesTable, 'id' | 'form' | 'title' | 'opens_on' | 'closes_on' | 'with_mirror' | 'audience_team_ids'>,
  day: string,
  minGroupSize: number,
  origin: string,
): Promise<PreparedInvitations> {
  const { db } = deps.database;
  const teamIds = JSON.parse(cycle.audience_team_ids) as string[];
  const sales = await repo.findAudience(db, organisation.id, ['sales_rep', 'sales_lead'], teamIds);
  const marketing =
    cycle.with_mirror === 1 ? await repo.findAudience(db, organisation.id, ['marketer', 'marketing_lead'], []) : [];
  const invitations: SurveyInvitationsTable[] = [];
  const mails: OutgoingMail[] = [];
  for (const [form, people] of [
    ['sales', sales],
    ['mirror', marketing],
  ] as const) {
    const atoms = assignAtoms(people, day, minGroupSize);
    for (const person of people) {
      const token = generateToken();
      const atom = atoms.get(person.id);
      if (!atom) throw new Error('every invited person has an atom');
      invitations.push({
        id: randomUUID(),
        cycle_id: cycle.id,
        organisation_id: organisation.id,
        user_id: person.id,
        form,
        token_hash: hashToken(token),
        atom_team_id: atom.teamId,
        atom_region: atom.region,
        atom_tenure_band: atom.tenureBand,
        atom_role: atom.role,
        reminders_sent: 0,
        answered: 0,
      });
      const mail = surveyInvitationMail(person.locale, {
        name: person.name,
        organisation: organisation.name,
        title: cycleTitleOf({ title: cycle.title, form: cycle.form, opensOn: cycle.opens_on }, person.locale),
        closesOn: cycle.closes_on,
        link: `${deps.config.publicUrl ?? origin}/answer/${token}`,
        mirror: form === 'mirror',
      });
      mails.push({ organisationId: organisation.id, to: person.email, ...mail });
    }
  }
  return { invitations, mails, invited: sales.length, mirrorInvited: marketing.length };
}

/** The invitation in the app as well, to the same people as the mails (survey-notifications.ts). */
function notifyInvited(
  trx: Transaction<Tables>,
  cycle: Pick<SurveyCyclesTable, 'id' | 'organisation_id' | 'form' | 'title' | 'opens_on' | 'closes_on'>,
  prepared: PreparedInvitations,
) {
  return insertSurveyNotifications(trx, {
    organisationId: cycle.organisation_id,
    kind: 'survey_invited',
    cycle,
    userIds: prepared.invitations.map((invitation) => invitation.user_id),
    at: nowIso(),
  });
}

export async function openCycle(
  deps: AppDeps,
  actor: CycleOpener,
  input: OpenCycleInput,
  origin: string,
  options: OpenCycleOptions = {},
): Promise<Cycle> {
  const { db } = deps.database;
  const day = options.now ? options.now.toISOString().slice(0, 10) : today();
  const opensOn = input.opensOn ?? day;
  checkDates(opensOn, input.closesOn, day);
  const teamIds = [...new Set(input.audienceTeamIds)];
  await checkTeams(db, actor.organisationId, teamIds);
  // Checked now as well when scheduling: an empty audience is better reported while the form is open.
  if ((await repo.findAudience(db, actor.organisationId, ['sales_rep', 'sales_lead'], teamIds)).length === 0) {
    throw nobodyToAsk();
  }
  const privacy = await getPrivacySettings(db, actor.organisationId);
  const scheduled = opensOn > day;
  const cycleId = randomUUID();
  const cycle: Omit<SurveyCyclesTable, 'version'> = {
    id: cycleId,
    organisation_id: actor.organisationId,
    form: input.form,
    // No title given: stored empty, and every reader names it in its own language (cycleTitleOf).
    title: input.title ?? '',
    pulse_index: input.form === 'pulse' ? pulseCycleIndexOfMonth(opensOn.slice(0, 7)) : null,
    with_mirror: input.form === 'trust_check' && input.withMirror ? 1 : 0,
    audience_team_ids: JSON.stringify(teamIds),
    opens_on: opensOn,
    closes_on: input.closesOn,
    status: scheduled ? 'scheduled' : 'open',
    // Replaced by the settings of the opening day when a scheduled cycle opens. Frozen from then on,
    // breakdowns included: its results never mix the sets of two settings (cycle-settings.ts).
    min_group_size: privacy.minGroupSize,
    min_comment_group_size: privacy.minCommentGroupSize,
    breakdown_attributes: JSON.stringify(privacy.breakdownAttributes),
    created_by: actor.userId,
    created_at: nowIso(),
  };
  const prepared = scheduled
    ? null
    : await prepareInvitations(
        deps,
        { id: actor.organisationId, name: actor.organisationName },
        cycle,
        opensOn,
        privacy.minGroupSize,
        origin,
      );
  if (prepared && prepared.invited === 0) throw nobodyToAsk();

  await db.transaction().execute(async (trx) => {
    await options.inTransaction?.(trx);
    await repo.insertCycle(trx, cycle);
    if (prepared) {
      await repo.insertInvitations(trx, prepared.invitations);
      await notifyInvited(trx, cycle, prepared);
    }
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: prepared ? 'survey.cycle_opened' : 'survey.cycle_scheduled',
      targetType: 'survey_cycle',
      targetId: cycleId,
      details: prepared
        ? { form: input.form, invited: prepared.invited, mirrorInvited: prepared.mirrorInvited }
        : { form: input.form, opensOn },
      ip: actor.ip,
    });
  });
  if (prepared) await sendMails(deps.mailer, deps.database.db, prepared.mails);
  return getCycle(deps, actor.organisationId, cycleId);
}

type DueCycle = Awaited<ReturnType<typeof repo.listDueScheduledCycles>>[number];

/**
 * Opens one scheduled cycle: invitations from the people and privacy minimums of `day`. Returns false
 * when another run opened it first, it was cancelled, or it was changed after it was read (the
 * invitations were prepared from the old audience and dates; a cycle still due is opened by the next
 * run from its new values); the claim and the invitations commit together,
 * so a failure leaves it scheduled for the next run. An audience that has emptied since scheduling
 * still opens (with nobody invited) rather than being retried every minute.
 */
async function openScheduledCycle(deps: AppDeps, row: DueCycle, day: string, origin: string): Promise<boolean> {
  const { db } = deps.database;
  const privacy = await getPrivacySettings(db, row.organisation_id);
  const prepared = await prepareInvitations(
    deps,
    { id: row.organisation_id, name: row.organisation_name },
    row,
    day,
    privacy.minGroupSize,
    origin,
  );
  const claimed = await db.transaction().execute(async (trx) => {
    const won = await repo.markScheduledCycleOpen(trx, row.organisation_id, row.id, row.version, {
      min_group_size: privacy.minGroupSize,
      min_comment_group_size: privacy.minCommentGroupSize,
      breakdown_attributes: JSON.stringify(privacy.breakdownAttributes),
    });
    if (!won) return false;
    await repo.insertInvitations(trx, prepared.invitations);
    await notifyInvited(trx, row, prepared);
    await insertAuditEntry(trx, {
      organisationId: row.organisation_id,
      actorId: null,
      action: 'survey.cycle_opened',
      targetType: 'survey_cycle',
      targetId: row.id,
      details: { form: row.form, invited: prepared.invited, mirrorInvited: prepared.mirrorInvited, scheduled: true },
      ip: null,
    });
    return true;
  });
  if (claimed) await sendMails(deps.mailer, db, prepared.mails);
  return claimed;
}

/**
 * Opens every scheduled cycle whose day has come (UTC), for every organisation or the given ones;
 * returns how many it opened. Failures do not stop the others and are thrown together at the end.
 */
export async function openDueScheduledCycles(
  deps: AppDeps,
  now: Date,
  scope: { organisationIds?: string[] } = {},
): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  const origin = deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;
  const due = await repo.listDueScheduledCycles(deps.database.db, day, scope.organisationIds);
  const failures: unknown[] = [];
  let opened = 0;
  for (const row of due) {
    try {
      if (await openScheduledCycle(deps, row, day, origin)) opened++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} scheduled cycles failed to open`);
  return opened;
}

const notScheduled = () =>
  new AppError(409, 'cycle_not_scheduled', 'This cycle has already opened: it can no longer be changed or cancelled.');

/** Changes a cycle before it opens; a cycle without a title keeps none, so its name follows the new month. */
export async function updateScheduledCycle(
  deps: AppDeps,
  actor: Actor,
  cycleId: string,
  expectedVersion: number,
  input: CycleUpdateBody,
): Promise<Cycle> {
  const { db } = deps.database;
  const row = await repo.findCycle(db, actor.organisationId, cycleId);
  if (!row) throw notFound('Survey cycle');
  if (row.status !== 'scheduled') throw notScheduled();
  const opensOn = input.opensOn ?? row.opens_on;
  const closesOn = input.closesOn ?? row.closes_on;
  checkDates(opensOn, closesOn, today());
  const teamIds = input.audienceTeamIds ? [...new Set(input.audienceTeamIds)] : (JSON.parse(row.audience_team_ids) as string[]);
  await checkTeams(db, actor.organisationId, teamIds);
  // As when scheduling: a new audience nobody in can be asked is reported while the form is open.
  if (
    input.audienceTeamIds &&
    (await repo.findAudience(db, actor.organisationId, ['sales_rep', 'sales_lead'], teamIds)).length === 0
  ) {
    throw nobodyToAsk();
  }
  const values = {
    title: input.title === undefined ? row.title : (input.title ?? ''),
    audience_team_ids: JSON.stringify(teamIds),
    with_mirror: row.form === 'trust_check' && (input.withMirror ?? row.with_mirror === 1) ? 1 : 0,
    opens_on: opensOn,
    closes_on: closesOn,
    pulse_index: row.form === 'pulse' ? pulseCycleIndexOfMonth(opensOn.slice(0, 7)) : null,
  };
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateScheduledCycle(trx, actor.organisationId, cycleId, expectedVersion, values))) {
      const now = await repo.findCycle(trx, actor.organisationId, cycleId);
      throw now && now.status !== 'scheduled' ? notScheduled() : staleVersion();
    }
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'survey.cycle_rescheduled',
      targetType: 'survey_cycle',
      targetId: cycleId,
      details: { opensOn, closesOn },
      ip: actor.ip,
    });
  });
  return getCycle(deps, actor.organisationId, cycleId);
}

/** Cancels a cycle before it opens: nobody was invited yet, so it is deleted. */
export async function cancelScheduledCycle(deps: AppDeps, actor: Actor, cycleId: string): Promise<void> {
  const { db } = deps.database;
  const row = await repo.findCycle(db, actor.organisationId, cycleId);
  if (!row) throw notFound('Survey cycle');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteScheduledCycle(trx, actor.organisationId, cycleId))) throw notScheduled();
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'survey.cycle_cancelled',
      targetType: 'survey_cycle',
      targetId: cycleId,
      details: { form: row.form, opensOn: row.opens_on },
      ip: actor.ip,
    });
  });
}

/** Results, comments and reminders exist only once a cycle has opened: before that, a clear 409. */
export async function whenCycleOpened<T>(deps: AppDeps, organisationId: string, cycleId: string, fn: () => Promise<T>) {
  const row = await repo.findCycle(deps.database.db, organisationId, cycleId);
  if (row?.status === 'scheduled') {
    throw new AppError(409, 'cycle_not_open', `This cycle opens on ${row.opens_on}; it has no results yet.`);
  }
  return fn();
}

interface CycleCounts {
  invited: number;
  answered: number;
  reminderRounds: number;
}

function presentCycle(row: Selectable<SurveyCyclesTable>, counts: CycleCounts | undefined): Cycle {
  const invited = counts?.invited ?? 0;
  const answered = counts?.answered ?? 0;
  // A count under the minimum would tell how many of a small audience answered: it stays hidden.
  const visible = answered >= row.min_group_size;
  return {
    id: row.id,
    form: row.form,
    title: row.title === '' ? null : row.title,
    pulseIndex: row.pulse_index,
    withMirror: row.with_mirror === 1,
    audienceTeamIds: JSON.parse(row.audience_team_ids) as string[],
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    status: row.status,
    invited,
    answered: visible ? answered : null,
    responseRate: visible && invited > 0 ? answered / invited : null,
    remindersSent: counts?.reminderRounds ?? 0,
    version: row.version,
  };
}

async function countsOf(deps: AppDeps, cycleIds: string[]): Promise<Map<string, CycleCounts>> {
  if (cycleIds.length === 0) return new Map();
  const [participation, reminders] = await Promise.all([
    repo.countParticipation(deps.database.db, cycleIds),
    repo.countReminderRounds(deps.database.db, cycleIds),
  ]);
  const rounds = new Map(reminders.map((r) => [r.cycle_id, Number(r.rounds ?? 0)]));
  return new Map(
    participation.map((r) => [
      r.cycle_id,
      { invited: Number(r.invited), answered: Number(r.answered ?? 0), reminderRounds: rounds.get(r.cycle_id) ?? 0 },
    ]),
  );
}

export async function getCycle(deps: AppDeps, organisationId: string, cycleId: string): Promise<Cycle> {
  const row = await repo.findCycle(deps.database.db, organisationId, cycleId);
  if (!row) throw notFound('Survey cycle');
  return presentCycle(row, (await countsOf(deps, [row.id])).get(row.id));
}

export async function listCycles(
  deps: AppDeps,
  organisationId: string,
  window: { offset: number; limit: number },
): Promise<Omit<Page<Cycle>, 'page' | 'pageSize'>> {
  const { rows, total } = await repo.listCycles(deps.database.db, organisationId, window);
  const counts = await countsOf(
    deps,
    rows.map((r) => r.id),
  );
  return { items: rows.map((row) => presentCycle(row, counts.get(row.id))), total };
}

export async function closeCycle(deps: AppDeps, actor: CycleOpener, cycleId: string): Promise<Cycle> {
  const { db } = deps.database;
  const row = await repo.findCycle(db, actor.organisationId, cycleId);
  if (!row) throw notFound('Survey cycle');
  if (row.status === 'scheduled') {
    throw new AppError(409, 'cycle_not_open', 'This cycle has not opened yet: cancel it instead of closing it.');
  }
  await db.transaction().execute(async (trx) => {
    if (!(await repo.closeCycleIfOpen(trx, actor.organisationId, cycleId))) {
      throw new AppError(409, 'cycle_closed', 'This cycle is already closed.');
    }
    // In the same transaction: a closed cycle never exists with answers pending or its participation
    // still stored.
    await takeFinalReleaseEpochs(trx, row);
    await forgetParticipationOfClosingCycle(trx, cycleId);
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'survey.cycle_closed',
      targetType: 'survey_cycle',
      targetId: cycleId,
      ip: actor.ip,
    });
  });
  // The dashboard statistics of the closed cycle are stored by the closed-cycle statistics job within
  // seconds, not in this request: for a large organisation they take seconds of work.
  return getCycle(deps, actor.organisationId, cycleId);
}
