import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../db/tables.js';

type Db = Kysely<Tables>;

/**
 * Takes the lease of a job in one statement: inserted when missing, taken over when expired, renewed
 * when the caller already holds it. Both dialects evaluate the conflict's WHERE against the committed
 * row, so of two instances racing for the same lease exactly one gets a row back.
 */
export async function acquireLease(db: Db, name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
  const row = await db
    .insertInto('job_leases')
    .values({ name, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<=', now), eb('job_leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Ends (or shortens) a lease the caller holds; a lease taken over by someone else is left alone. */
export async function releaseLease(db: Db, name: string, holder: string, until: string): Promise<void> {
  await db.updateTable('job_leases').set({ expires_at: until }).where('name', '=', name).where('holder', '=', holder).execute();
}

export function findLease(db: Db, name: string) {
  return db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst();
}

const OPEN_STATUSES = ['new', 'accepted', 'in_progress', 'waiting_for_sales'] as const;

/** Open requests of every organisation whose stored at-risk or due instant has passed and is not yet announced. */
export function listSlaTransitionsDue(db: Db, now: string, limit: number, organisationIds?: string[]) {
  let query = db
    .selectFrom('requests')
    .leftJoin('users as assignee', 'assignee.id', 'requests.assignee_id')
    .select([
      'requests.id',
      'requests.organisation_id',
      'requests.number',
      'requests.title',
      'requests.assignee_id',
      'assignee.status as assignee_status',
      'requests.resolution_due_at',
      'requests.resolution_at_risk_at',
      'requests.sla_at_risk_notified_at',
      'requests.sla_breached_notified_at',
    ])
    .where('requests.status', 'in', OPEN_STATUSES)
    .where('requests.sla_stopped_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('requests.resolution_at_risk_at', '<=', now), eb('requests.sla_at_risk_notified_at', 'is', null)]),
        eb.and([eb('requests.resolution_due_at', '<=', now), eb('requests.sla_breached_notified_at', 'is', null)]),
      ]),
    )
    .orderBy('requests.resolution_at_risk_at')
    .limit(limit);
  if (organisationIds) query = query.where('requests.organisation_id', 'in', organisationIds);
  return query.execute();
}

/** Claims the announcement of an SLA state once: false when it was already claimed. */
export async function markSlaNotified(db: Db, requestId: string, state: 'at_risk' | 'breached', at: string): Promise<boolean> {
  const result = await db
    .updateTable('requests')
    .set(
      state === 'breached'
        ? { sla_breached_notified_at: at, sla_at_risk_notified_at: sql<string>`coalesce(sla_at_risk_notified_at, ${at})` }
        : { sla_at_risk_notified_at: at },
    )
    .where('id', '=', requestId)
    .where(state === 'breached' ? 'sla_breached_notified_at' : 'sla_at_risk_notified_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives an announcement back after the notification failed, so that the next run retries it. */
export async function unmarkSlaNotified(db: Db, requestId: string, state: 'at_risk' | 'breached', at: string) {
  await db
    .updateTable('requests')
    .set(state === 'breached' ? { sla_breached_notified_at: null } : { sla_at_risk_notified_at: null })
    .where('id', '=', requestId)
    .where(state === 'breached' ? 'sla_breached_notified_at' : 'sla_at_risk_notified_at', '=', at)
    .execute();
}

/**
 * Closed cycles whose statistics for the dashboard are not stored yet, oldest first: those without the
 * marker of their sales figures, which closing a cycle's statistics writes last (dashboard.service.ts).
 */
export function listClosedCyclesWithoutStatistics(db: Db, limit: number, organisationIds?: string[]) {
  let query = db
    .selectFrom('survey_cycles')
    .selectAll()
    .where('status', '=', 'closed')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('analytics_cycle_group_figures')
            .select('analytics_cycle_group_figures.cycle_id')
            .whereRef('analytics_cycle_group_figures.cycle_id', '=', 'survey_cycles.id')
            .where('analytics_cycle_group_figures.form', '=', 'sales'),
        ),
      ),
    )
    .orderBy('opens_on')
    .orderBy('id')
    .limit(limit);
  if (organisationIds) query = query.where('organisation_id', 'in', organisationIds);
  return query.execute();
}

/**
 * Open cycles whose closing day lies before `day` (YYYY-MM-DD), oldest closing day first, with their
 * organisation's name, for every organisation or the given ones.
 */
export function listOpenCyclesClosedBefore(db: Db, day: string, limit: number, organisationIds?: string[]) {
  let query = db
    .selectFrom('survey_cycles')
    .innerJoin('organisations', 'organisations.id', 'survey_cycles.organisation_id')
    .select(['survey_cycles.id', 'survey_cycles.organisation_id', 'organisations.name as organisation_name'])
    .where('survey_cycles.status', '=', 'open')
    .where('survey_cycles.closes_on', '<', day)
    .orderBy('survey_cycles.closes_on')
    .orderBy('survey_cycles.id')
    .limit(limit);
  if (organisationIds) query = query.where('survey_cycles.organisation_id', 'in', organisationIds);
  return query.execute();
}
