/**
 * Survey schedules: per form, whether and on which day of the month a cycle opens by itself (see
 * server/features/jobs/survey-schedule.job.ts). Dates are UTC dates: organisations have no time zone
 * yet, so "the day has come" means the UTC calendar day, which may be a few hours off locally.
 */
import type { Selectable } from 'kysely';
import type { SurveySchedule, SurveyScheduleBody } from '../../../common/api/surveys.js';
import type { SurveySchedulesTable } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import * as repo from './schedules.repository.js';
import { countTeamsOfOrganisation } from './surveys.repository.js';

type Form = SurveySchedulesTable['form'];
const FORMS: Form[] = ['pulse', 'trust_check'];

export const DEFAULT_OPEN_DAYS: Record<Form, number> = { pulse: 10, trust_check: 14 };

/**
 * The period a schedule opens at `now` (UTC): the month for pulses; for trust checks the quarter, and
 * only in its first month (a schedule saved later in a quarter waits for the next one). Null: none.
 */
export function periodOf(form: Form, now: Date): string | null {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (form === 'pulse') return `${year}-${String(month).padStart(2, '0')}`;
  if ((month - 1) % 3 !== 0) return null;
  return `${year}-Q${(month - 1) / 3 + 1}`;
}

function presentSchedule(row: Selectable<SurveySchedulesTable>): SurveySchedule {
  return {
    form: row.form,
    active: row.active === 1,
    dayOfMonth: row.day_of_month,
    openDays: row.open_days,
    audienceTeamIds: JSON.parse(row.audience_team_ids) as string[],
    withMirror: row.with_mirror === 1,
    lastOpenedPeriod: row.last_opened_period,
    version: row.version,
  };
}

function defaultSchedule(form: Form): SurveySchedule {
  return {
    form,
    active: false,
    dayOfMonth: 1,
    openDays: DEFAULT_OPEN_DAYS[form],
    audienceTeamIds: [],
    withMirror: form === 'trust_check',
    lastOpenedPeriod: null,
    version: 0,
  };
}

/** Both forms' schedules; a form never saved shows the inactive default with version 0. */
export async function getSchedules(deps: AppDeps, organisationId: string): Promise<SurveySchedule[]> {
  const rows = await repo.listSchedules(deps.database.db, organisationId);
  return FORMS.map((form) => {
    const row = rows.find((r) => r.form === form);
    return row ? presentSchedule(row) : defaultSchedule(form);
  });
}

export async function saveSchedule(
  deps: AppDeps,
  actor: Actor,
  form: Form,
  expectedVersion: number,
  input: SurveyScheduleBody,
): Promise<SurveySchedule> {
  const { db } = deps.database;
  const teamIds = [...new Set(input.audienceTeamIds)];
  if (teamIds.length > 0 && Number((await countTeamsOfOrganisation(db, actor.organisationId, teamIds)).n) !== teamIds.length) {
    throw new AppError(400, 'validation_failed', 'Some of the chosen teams do not exist.', [
      { path: 'audienceTeamIds', message: 'unknown team' },
    ]);
  }
  const values = {
    active: input.active ? 1 : 0,
    day_of_month: input.dayOfMonth,
    open_days: input.openDays ?? DEFAULT_OPEN_DAYS[form],
    audience_team_ids: JSON.stringify(teamIds),
    with_mirror: form === 'trust_check' && input.withMirror ? 1 : 0,
  };
  await db.transaction().execute(async (trx) => {
    const saved =
      expectedVersion === 0
        ? await repo.insertSchedule(trx, actor.organisationId, form, values)
        : await repo.updateSchedule(trx, actor.organisationId, form, expectedVersion, values);
    if (!saved) throw staleVersion();
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'survey.schedule_saved',
      targetType: 'survey_schedule',
      targetId: form,
      details: { active: input.active, dayOfMonth: values.day_of_month, openDays: values.open_days },
      ip: actor.ip,
    });
  });
  const row = await repo.findSchedule(db, actor.organisationId, form);
  if (!row) throw new Error('a saved schedule exists');
  return presentSchedule(row);
}
