/**
 * Opening and closing survey cycles. Opening invites the audience: every active sales rep and sales
 * lead of the chosen teams (all sales teams when none are chosen) and, with a trust check, every
 * marketer and marketing lead for the mirror form; each gets a personal link by e-mail.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Page } from '../../../common/api/contracts.js';
import type { Cycle } from '../../../common/api/surveys.js';
import { pulseCycleIndexOfMonth } from '../../../common/instrument/forms.js';
import { nowIso } from '../../db/database.js';
import type { SurveyCyclesTable, SurveyInvitationsTable, Tables } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { generateToken, hashToken } from '../../lib/tokens.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { type OutgoingMail, sendMails } from '../mail/mailer.js';
import { surveyInvitationMail } from '../mail/templates.js';
import { getPrivacySettings } from '../privacy/privacy.service.js';
import { assignAtoms } from './atoms.js';
import * as repo from './surveys.repository.js';

export interface OpenCycleInput {
  form: 'trust_check' | 'pulse';
  title?: string | undefined;
  audienceTeamIds: string[];
  withMirror: boolean;
  closesOn: string;
}

function today(): string {
  return nowIso().slice(0, 10);
}

export function defaultTitle(form: OpenCycleInput['form'], day: string) {
  return form === 'pulse' ? `Pulse ${day.slice(0, 7)}` : `Trust check ${day.slice(0, 7)}`;
}

/** Who opens a cycle: a person, or (userId null) the schedule job. */
export type CycleOpener = Omit<Actor, 'userId' | 'ip'> & { userId: string | null; ip: string | null };

export interface OpenCycleOptions {
  /** The opening day is taken from it (UTC); defaults to the clock. */
  now?: Date;
  /** Runs first in the transaction that inserts the cycle; a throw rolls the opening back. */
  inTransaction?: (trx: Transaction<Tables>) => Promise<void>;
}

export async function openCycle(
  deps: AppDeps,
  actor: CycleOpener,
  input: OpenCycleInput,
  origin: string,
  options: OpenCycleOptions = {},
): Promise<Cycle> {
  const { db } = deps.database;
  const opensOn = options.now ? options.now.toISOString().slice(0, 10) : today();
  if (input.closesOn <= opensOn) {
    throw new AppError(400, 'validation_failed', 'The closing date must be after today.', [
      { path: 'closesOn', message: 'after today' },
    ]);
  }
  const teamIds = [...new Set(input.audienceTeamIds)];
  if (
    teamIds.length > 0 &&
    Number((await repo.countTeamsOfOrganisation(db, actor.organisationId, teamIds)).n) !== teamIds.length
  ) {
    throw new AppError(400, 'validation_failed', 'Some of the chosen teams do not exist.', [
      { path: 'audienceTeamIds', message: 'unknown team' },
    ]);
  }
  const privacy = await getPrivacySettings(db, actor.organisationId);
  const sales = await repo.findAudience(db, actor.organisationId, ['sales_rep', 'sales_lead'], teamIds);
  if (sales.length === 0) {
    throw new AppError(
      400,
      'validation_failed',
      'Nobody in the chosen audience can be asked: add sales people to the teams first.',
    );
  }
  const withMirror = input.form === 'trust_check' && input.withMirror;
  const marketing = withMirror ? await repo.findAudience(db, actor.organisationId, ['marketer', 'marketing_lead'], []) : [];

  const cycleId = randomUUID();
  const cycle: Omit<SurveyCyclesTable, 'version'> = {
    id: cycleId,
    organisation_id: actor.organisationId,
    form: input.form,
    title: input.title ?? defaultTitle(input.form, opensOn),
    pulse_index: input.form === 'pulse' ? pulseCycleIndexOfMonth(opensOn.slice(0, 7)) : null,
    with_mirror: withMirror ? 1 : 0,
    audience_team_ids: JSON.stringify(teamIds),
    opens_on: opensOn,
    closes_on: input.closesOn,
    status: 'open',
    min_group_size: privacy.minGroupSize,
    min_comment_group_size: privacy.minCommentGroupSize,
    created_by: actor.userId,
    created_at: nowIso(),
  };

  const invitations: SurveyInvitationsTable[] = [];
  const mails: OutgoingMail[] = [];
  for (const [form, people] of [
    ['sales', sales],
    ['mirror', marketing],
  ] as const) {
    const atoms = assignAtoms(people, opensOn, privacy.minGroupSize);
    for (const person of people) {
      const token = generateToken();
      const atom = atoms.get(person.id);
      if (!atom) throw new Error('every invited person has an atom');
      invitations.push({
        id: randomUUID(),
        cycle_id: cycleId,
        organisation_id: actor.organisationId,
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
        organisation: actor.organisationName,
        title: cycle.title,
        closesOn: cycle.closes_on,
        link: `${deps.config.publicUrl ?? origin}/answer/${token}`,
        mirror: form === 'mirror',
      });
      mails.push({ organisationId: actor.organisationId, to: person.email, ...mail });
    }
  }

  await db.transaction().execute(async (trx) => {
    await options.inTransaction?.(trx);
    await repo.insertCycle(trx, cycle);
    await repo.insertInvitations(trx, invitations);
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'survey.cycle_opened',
      targetType: 'survey_cycle',
      targetId: cycleId,
      details: { form: input.form, invited: sales.length, mirrorInvited: marketing.length },
      ip: actor.ip,
    });
  });
  await sendMails(deps.mailer, deps.database.db, mails);
  return getCycle(deps, actor.organisationId, cycleId);
}

function presentCycle(row: Selectable<SurveyCyclesTable>, counts: { invited: number; answered: number } | undefined): Cycle {
  const invited = counts?.invited ?? 0;
  const answered = counts?.answered ?? 0;
  // A count under the minimum would tell how many of a small audience answered: it stays hidden.
  const visible = answered >= row.min_group_size;
  return {
    id: row.id,
    form: row.form,
    title: row.title,
    pulseIndex: row.pulse_index,
    withMirror: row.with_mirror === 1,
    audienceTeamIds: JSON.parse(row.audience_team_ids) as string[],
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    status: row.status,
    invited,
    answered: visible ? answered : null,
    responseRate: visible && invited > 0 ? answered / invited : null,
    version: row.version,
  };
}

async function countsOf(deps: AppDeps, cycleIds: string[]) {
  const rows = await repo.countParticipation(deps.database.db, cycleIds);
  return new Map(rows.map((r) => [r.cycle_id, { invited: Number(r.invited), answered: Number(r.answered ?? 0) }]));
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

export async function closeCycle(deps: AppDeps, actor: Actor, cycleId: string): Promise<Cycle> {
  const { db } = deps.database;
  const row = await repo.findCycle(db, actor.organisationId, cycleId);
  if (!row) throw notFound('Survey cycle');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.closeCycleIfOpen(trx, actor.organisationId, cycleId))) {
      throw new AppError(409, 'cycle_closed', 'This cycle is already closed.');
    }
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'survey.cycle_closed',
      targetType: 'survey_cycle',
      targetId: cycleId,
      ip: actor.ip,
    });
  });
  return getCycle(deps, actor.organisationId, cycleId);
}
