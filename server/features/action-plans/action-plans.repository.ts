import {
  type Expression,
  expressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { ActionPlanStatus } from '../../../common/api/action-plans.js';
import type { ActionPlanStepsTable, ActionPlansTable, Tables } from '../../db/tables.js';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Which plans a person may see: decided by the policy module, applied here to every list. */
export type ActionPlanVisibility = { kind: 'all' } | { kind: 'limited'; userId: string; teamId: string | null };

export interface ActionPlanFilter {
  cycleId?: string | undefined;
  driverId?: string | undefined;
  /** A team id, or 'organisation' for the organisation-wide plans. */
  scope?: string | undefined;
  status?: ActionPlanStatus | undefined;
}

function selectPlans(db: Db, organisationId: string) {
  return db
    .selectFrom('action_plans')
    .leftJoin('teams', 'teams.id', 'action_plans.team_id')
    .leftJoin('users as owners', 'owners.id', 'action_plans.owner_id')
    .where('action_plans.organisation_id', '=', organisationId)
    .selectAll('action_plans')
    .select(['teams.name as team_name', 'owners.name as owner_name']);
}
export type ActionPlanRow = Awaited<ReturnType<ReturnType<typeof selectPlans>['executeTakeFirstOrThrow']>>;

export function findActionPlan(db: Db, organisationId: string, id: string) {
  return selectPlans(db, organisationId).where('action_plans.id', '=', id).executeTakeFirst();
}

export async function listActionPlans(
  db: Db,
  organisationId: string,
  visibility: ActionPlanVisibility,
  filter: ActionPlanFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: ActionPlanRow[]; total: number }> {
  const eb = expressionBuilder<Tables, 'action_plans'>();
  const conditions: Expression<SqlBool>[] = [];
  if (visibility.kind === 'limited') {
    const { userId, teamId } = visibility;
    conditions.push(
      eb.or([
        eb('action_plans.team_id', 'is', null),
        eb('action_plans.owner_id', '=', userId),
        ...(teamId === null ? [] : [eb('action_plans.team_id', '=', teamId)]),
      ]),
    );
  }
  if (filter.cycleId !== undefined) conditions.push(eb('action_plans.baseline_cycle_id', '=', filter.cycleId));
  if (filter.driverId !== undefined) conditions.push(eb('action_plans.driver_id', '=', filter.driverId));
  if (filter.status !== undefined) conditions.push(eb('action_plans.status', '=', filter.status));
  if (filter.scope === 'organisation') conditions.push(eb('action_plans.team_id', 'is', null));
  else if (filter.scope !== undefined) conditions.push(eb('action_plans.team_id', '=', filter.scope));
  const condition = eb.and(conditions);
  const rows = selectPlans(db, organisationId).where(condition);
  const count = db.selectFrom('action_plans').where('action_plans.organisation_id', '=', organisationId).where(condition);
  const [items, total] = await Promise.all([
    rows
      .orderBy('action_plans.due_on')
      .orderBy('action_plans.created_at', 'desc')
      .orderBy('action_plans.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: items, total: Number(total.n) };
}

export async function insertActionPlan(db: Db, plan: Insertable<ActionPlansTable>, steps: Insertable<ActionPlanStepsTable>[]) {
  await db.insertInto('action_plans').values(plan).execute();
  if (steps.length > 0) await db.insertInto('action_plan_steps').values(steps).execute();
}

/** Applies the change only when the version is still the one the editor read; false when it moved on. */
export async function updateActionPlanIfVersion(
  db: Db,
  organisationId: string,
  id: string,
  version: number,
  changes: Updateable<ActionPlansTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('action_plans')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Bumps the version without a precondition: a step toggle changes one row and cannot overwrite anything. */
export async function touchActionPlan(db: Db, organisationId: string, id: string, updatedAt: string) {
  await db
    .updateTable('action_plans')
    .set((eb) => ({ updated_at: updatedAt, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteActionPlan(db: Db, organisationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('action_plans')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function listSteps(db: Db, organisationId: string, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('action_plan_steps')
    .where('organisation_id', '=', organisationId)
    .where('plan_id', 'in', planIds)
    .select(['id', 'plan_id', 'position', 'text', 'done'])
    .orderBy('plan_id')
    .orderBy('position')
    .execute();
}

export async function replaceSteps(db: Db, organisationId: string, planId: string, steps: Insertable<ActionPlanStepsTable>[]) {
  await db.deleteFrom('action_plan_steps').where('organisation_id', '=', organisationId).where('plan_id', '=', planId).execute();
  if (steps.length > 0) await db.insertInto('action_plan_steps').values(steps).execute();
}

export async function setStepDone(db: Db, organisationId: string, planId: string, stepId: string, done: boolean) {
  const result = await db
    .updateTable('action_plan_steps')
    .set({ done: done ? 1 : 0 })
    .where('organisation_id', '=', organisationId)
    .where('plan_id', '=', planId)
    .where('id', '=', stepId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findTeamOfOrganisation(db: Db, organisationId: string, teamId: string) {
  return db
    .selectFrom('teams')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', teamId)
    .select(['id', 'name'])
    .executeTakeFirst();
}

export function findPersonOfOrganisation(db: Db, organisationId: string, userId: string) {
  return db
    .selectFrom('users')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .select(['id', 'name', 'role', 'status'])
    .executeTakeFirst();
}

export function listPeopleWithRoles(db: Db, organisationId: string, roles: readonly string[]) {
  return db
    .selectFrom('users')
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', roles as never)
    .where('status', '!=', 'deactivated')
    .select(['id', 'name', 'role'])
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The most recent closed cycle of the organisation: the baseline of a plan made now. */
export function findLatestClosedCycle(db: Db, organisationId: string) {
  return db
    .selectFrom('survey_cycles')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'closed')
    .selectAll()
    .orderBy('opens_on', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findCyclesByIds(db: Db, organisationId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('survey_cycles')
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .selectAll()
    .execute();
}

/** The organisation's cycles in the order they open: the first of a form after a plan is its follow-up. */
export function listCyclesByOpening(db: Db, organisationId: string) {
  return db
    .selectFrom('survey_cycles')
    .where('organisation_id', '=', organisationId)
    .selectAll()
    .orderBy('opens_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
