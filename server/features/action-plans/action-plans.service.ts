/**
 * Action plans: the rules for making, changing and reading them, and the follow-up "did it work?".
 *
 * The follow-up compares the plan's driver in the plan's scope between the baseline (the last closed
 * cycle when the plan was made) and the first cycle of the same form opened after the plan, once that
 * cycle has closed. Both means come from the dashboard's driver moments, released only through each
 * cycle's anonymity plan; a scope withheld in either cycle says "not enough answers" and nothing else.
 * Each mean is the scope's figure at the release epoch the cycle's final plans release it at (decision
 * 0013), the same figure the dashboard shows for that cycle.
 */
import { randomUUID } from 'node:crypto';
import type {
  ActionPlan,
  ActionPlanCreateBody,
  ActionPlanFollowUp,
  ActionPlanListQuery,
  ActionPlanOwnerOption,
  ActionPlanPage,
  ActionPlanUpdateBody,
} from '../../../common/api/action-plans.js';
import { ACTION_PLAN_OWNER_ROLES, actionPlanCreateBody, actionPlanListQuery } from '../../../common/api/action-plans.js';
import type { DriverId } from '../../../common/instrument/items.js';
import type { Role } from '../../../common/roles.js';
import type { ActionPlanStepsTable } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { meanOf, welchChangeOfMoments } from '../../lib/stats/moments.js';
import {
  actionPlanVisibilityOf,
  canEditActionPlan,
  canReadActionPlan,
  canUpdateActionPlanProgress,
  dashboardScopeOf,
} from '../../policies/access.js';
import { previousDriverMoments } from '../analytics/dashboard.service.js';
import type { CycleRow } from '../analytics/statistics.service.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import * as repo from './action-plans.repository.js';

export interface Viewer {
  readonly userId: string;
  readonly organisationId: string;
  readonly role: Role;
  readonly teamId: string | null;
  readonly ip?: string | null;
}

const invalidInput = (field: string, message: string) =>
  new AppError(400, 'validation_failed', message, [{ path: field, message }]);
const todayUtc = () => new Date().toISOString().slice(0, 10);

// ---------- presenting ----------

function subjectOf(row: { team_id: string | null; owner_id: string | null }) {
  return { teamId: row.team_id, ownerId: row.owner_id };
}

async function presentPlans(deps: AppDeps, viewer: Viewer, rows: repo.ActionPlanRow[]): Promise<ActionPlan[]> {
  const { db } = deps.database;
  const steps = await repo.listSteps(
    db,
    viewer.organisationId,
    rows.map((row) => row.id),
  );
  const cycles = new Map<string, CycleRow>();
  const follow = new FollowUps(deps, viewer, cycles);
  const result: ActionPlan[] = [];
  for (const row of rows) {
    result.push({
      id: row.id,
      title: row.title,
      driverId: row.driver_id as DriverId,
      team: row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? '' },
      owner: row.owner_id === null ? null : { id: row.owner_id, name: row.owner_name ?? '' },
      dueOn: row.due_on,
      status: row.status,
      steps: steps
        .filter((step) => step.plan_id === row.id)
        .map((step) => ({ id: step.id, text: step.text, done: Number(step.done) === 1 })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: Number(row.version),
      canEdit: canEditActionPlan(viewer),
      canUpdateProgress: canUpdateActionPlanProgress(viewer, subjectOf(row)),
      followUp: await follow.of(row),
    });
  }
  return result;
}

// ---------- the follow-up ----------

/** Whether the viewer's dashboard scope covers the plan's scope: a plan never shows more than the dashboard would. */
function dashboardCovers(viewer: Viewer, teamId: string | null): boolean {
  const scope = dashboardScopeOf(viewer.role);
  if (scope === 'every_group') return true;
  if (scope === 'organisation_only') return teamId === null;
  if (scope === 'own_team') return teamId !== null && teamId === viewer.teamId;
  return false;
}

class FollowUps {
  private opened: CycleRow[] | null = null;
  constructor(
    private readonly deps: AppDeps,
    private readonly viewer: Viewer,
    private readonly cycles: Map<string, CycleRow>,
  ) {}

  private async cycle(id: string): Promise<CycleRow | undefined> {
    if (!this.cycles.has(id)) {
      for (const row of await repo.findCyclesByIds(this.deps.database.db, this.viewer.organisationId, [id]))
        this.cycles.set(row.id, row);
    }
    return this.cycles.get(id);
  }

  /** The driver moment of the scope in the cycle, or null where the cycle's plan withholds it. */
  private async driverMoment(cycle: CycleRow, driverId: string, teamId: string | null) {
    const moments = await previousDriverMoments(this.deps, cycle, teamId === null ? {} : { team: teamId });
    return moments?.get(driverId) ?? null;
  }

  async of(row: repo.ActionPlanRow): Promise<ActionPlanFollowUp> {
    if (row.baseline_cycle_id === null) return { state: 'no_baseline' };
    const baseline = await this.cycle(row.baseline_cycle_id);
    if (!baseline) return { state: 'no_baseline' };
    // Every cycle of the organisation, once per listing: a few per year.
    this.opened ??= await repo.listCyclesByOpening(this.deps.database.db, this.viewer.organisationId);
    // A cycle scheduled before the plan but opening after its day also measures what came after it.
    const madeOn = row.created_at.slice(0, 10);
    const followUp = this.opened.find(
      (cycle) =>
        cycle.id !== baseline.id &&
        cycle.form === baseline.form &&
        (cycle.created_at > row.created_at || cycle.opens_on > madeOn),
    );
    if (followUp?.status !== 'closed') return { state: 'waiting', baselineCycleId: baseline.id };
    const ids = { baselineCycleId: baseline.id, followUpCycleId: followUp.id };
    if (!dashboardCovers(this.viewer, row.team_id)) return { state: 'not_available', reason: 'not_offered', ...ids };
    const before = await this.driverMoment(baseline, row.driver_id, row.team_id);
    const after = before ? await this.driverMoment(followUp, row.driver_id, row.team_id) : null;
    const change = before && after ? welchChangeOfMoments(before, after) : null;
    const beforeMean = before ? meanOf(before) : null;
    const afterMean = after ? meanOf(after) : null;
    if (!change || beforeMean === null || afterMean === null)
      return { state: 'not_available', reason: 'not_enough_answers', ...ids };
    return {
      state: 'measured',
      ...ids,
      before: beforeMean,
      after: afterMean,
      difference: change.difference,
      lower: change.lower,
      upper: change.upper,
      isRealChange: change.isRealChange,
    };
  }
}

// ---------- use cases ----------

async function findReadable(deps: AppDeps, viewer: Viewer, id: string) {
  const row = await repo.findActionPlan(deps.database.db, viewer.organisationId, id);
  // A plan the viewer may not read is answered like one that does not exist.
  if (!row || !canReadActionPlan(viewer, subjectOf(row))) throw notFound('Action plan');
  return row;
}

export async function getActionPlan(deps: AppDeps, viewer: Viewer, id: string): Promise<ActionPlan> {
  const row = await findReadable(deps, viewer, id);
  return (await presentPlans(deps, viewer, [row]))[0] as ActionPlan;
}

export async function listActionPlans(deps: AppDeps, viewer: Viewer, input: ActionPlanListQuery): Promise<ActionPlanPage> {
  const query = actionPlanListQuery.parse(input);
  if (!canReadActionPlan(viewer, { teamId: null, ownerId: null })) throw forbidden();
  const visibility = actionPlanVisibilityOf(viewer);
  const { rows, total } = await repo.listActionPlans(
    deps.database.db,
    viewer.organisationId,
    visibility,
    { cycleId: query.cycleId, driverId: query.driverId, scope: query.scope, status: query.status },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  return { items: await presentPlans(deps, viewer, rows), total, page: query.page, pageSize: query.pageSize };
}

async function checkOwner(deps: AppDeps, organisationId: string, ownerId: string) {
  const owner = await repo.findPersonOfOrganisation(deps.database.db, organisationId, ownerId);
  if (!owner) throw invalidInput('ownerId', 'The owner is not a person of this organisation.');
  if (owner.status === 'deactivated') throw invalidInput('ownerId', 'The owner has been deactivated.');
  if (!(ACTION_PLAN_OWNER_ROLES as readonly string[]).includes(owner.role))
    throw invalidInput('ownerId', 'The owner must work in marketing or lead a team.');
}

function stepRows(
  organisationId: string,
  planId: string,
  steps: readonly { id?: string | undefined; text: string; done: boolean }[],
) {
  return steps.map(
    (step, position): ActionPlanStepsTable => ({
      id: step.id ?? randomUUID(),
      plan_id: planId,
      organisation_id: organisationId,
      position,
      text: step.text,
      done: step.done ? 1 : 0,
    }),
  );
}

export async function createActionPlan(deps: AppDeps, viewer: Viewer, input: ActionPlanCreateBody): Promise<ActionPlan> {
  if (!canEditActionPlan(viewer)) throw forbidden();
  const body = actionPlanCreateBody.parse(input);
  const { db } = deps.database;
  if (body.teamId !== null && !(await repo.findTeamOfOrganisation(db, viewer.organisationId, body.teamId)))
    throw invalidInput('teamId', 'The team does not exist in this organisation.');
  await checkOwner(deps, viewer.organisationId, body.ownerId);
  if (body.dueOn < todayUtc()) throw invalidInput('dueOn', 'The due date lies in the past.');
  const id = randomUUID();
  const now = new Date().toISOString();
  const baseline = await repo.findLatestClosedCycle(db, viewer.organisationId);
  await db.transaction().execute(async (trx) => {
    await repo.insertActionPlan(
      trx,
      {
        id,
        organisation_id: viewer.organisationId,
        title: body.title,
        driver_id: body.driverId,
        team_id: body.teamId,
        owner_id: body.ownerId,
        due_on: body.dueOn,
        status: 'planned',
        baseline_cycle_id: baseline?.id ?? null,
        created_by: viewer.userId,
        created_at: now,
        updated_at: now,
      },
      stepRows(
        viewer.organisationId,
        id,
        body.steps.map((text) => ({ text, done: false })),
      ),
    );
    await insertAuditEntry(trx, {
      organisationId: viewer.organisationId,
      actorId: viewer.userId,
      action: 'action_plan.created',
      targetType: 'action_plan',
      targetId: id,
      details: { driverId: body.driverId, teamId: body.teamId, ownerId: body.ownerId, dueOn: body.dueOn },
      ip: viewer.ip ?? null,
    });
  });
  return getActionPlan(deps, viewer, id);
}

export async function updateActionPlan(
  deps: AppDeps,
  viewer: Viewer,
  id: string,
  version: number,
  input: ActionPlanUpdateBody,
): Promise<ActionPlan> {
  const row = await findReadable(deps, viewer, id);
  const editsContent = input.title !== undefined || input.ownerId !== undefined || input.dueOn !== undefined;
  if (editsContent && !canEditActionPlan(viewer)) throw forbidden();
  if (!canUpdateActionPlanProgress(viewer, subjectOf(row))) throw forbidden();
  const { db } = deps.database;
  if (input.steps !== undefined) {
    // The owner may tick steps off, but only marketing leads rewrite the list.
    const current = await repo.listSteps(db, viewer.organisationId, [id]);
    const sameTexts =
      current.length === input.steps.length &&
      current.every((step, index) => input.steps?.[index]?.id === step.id && input.steps?.[index]?.text === step.text);
    if (!sameTexts && !canEditActionPlan(viewer)) throw forbidden();
    const known = new Set(current.map((step) => step.id));
    const unknown = input.steps.find((step) => step.id !== undefined && !known.has(step.id));
    if (unknown) throw invalidInput('steps', 'A step does not belong to this plan.');
  }
  if (input.ownerId !== undefined) await checkOwner(deps, viewer.organisationId, input.ownerId);
  if (input.dueOn !== undefined && input.dueOn !== row.due_on && input.dueOn < todayUtc())
    throw invalidInput('dueOn', 'The due date lies in the past.');
  if (Number(row.version) !== version) throw staleVersion();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const changes = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      updated_at: now,
    };
    if (!(await repo.updateActionPlanIfVersion(trx, viewer.organisationId, id, version, changes))) throw staleVersion();
    if (input.steps !== undefined)
      await repo.replaceSteps(
        trx,
        viewer.organisationId,
        id,
        stepRows(
          viewer.organisationId,
          id,
          input.steps.map((step) => ({ id: step.id, text: step.text, done: step.done ?? false })),
        ),
      );
    await insertAuditEntry(trx, {
      organisationId: viewer.organisationId,
      actorId: viewer.userId,
      action: 'action_plan.updated',
      targetType: 'action_plan',
      targetId: id,
      details: { fields: Object.keys(input).sort(), ...(input.status !== undefined ? { status: input.status } : {}) },
      ip: viewer.ip ?? null,
    });
  });
  return getActionPlan(deps, viewer, id);
}

/**
 * Sets one step done or not done. The desired state is sent, not a toggle, so two people ticking
 * different steps at once both keep their change and a repeated request changes nothing.
 */
export async function setActionPlanStep(
  deps: AppDeps,
  viewer: Viewer,
  id: string,
  stepId: string,
  done: boolean,
): Promise<ActionPlan> {
  const row = await findReadable(deps, viewer, id);
  if (!canUpdateActionPlanProgress(viewer, subjectOf(row))) throw forbidden();
  const now = new Date().toISOString();
  await deps.database.db.transaction().execute(async (trx) => {
    if (!(await repo.setStepDone(trx, viewer.organisationId, id, stepId, done))) throw notFound('Step');
    await repo.touchActionPlan(trx, viewer.organisationId, id, now);
    await insertAuditEntry(trx, {
      organisationId: viewer.organisationId,
      actorId: viewer.userId,
      action: 'action_plan.step_updated',
      targetType: 'action_plan',
      targetId: id,
      details: { stepId, done },
      ip: viewer.ip ?? null,
    });
  });
  return getActionPlan(deps, viewer, id);
}

export async function deleteActionPlan(deps: AppDeps, viewer: Viewer, id: string): Promise<void> {
  await findReadable(deps, viewer, id);
  if (!canEditActionPlan(viewer)) throw forbidden();
  await deps.database.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteActionPlan(trx, viewer.organisationId, id))) throw notFound('Action plan');
    await insertAuditEntry(trx, {
      organisationId: viewer.organisationId,
      actorId: viewer.userId,
      action: 'action_plan.deleted',
      targetType: 'action_plan',
      targetId: id,
      ip: viewer.ip ?? null,
    });
  });
}

export async function listOwnerOptions(deps: AppDeps, viewer: Viewer): Promise<ActionPlanOwnerOption[]> {
  if (!canEditActionPlan(viewer)) throw forbidden();
  const people = await repo.listPeopleWithRoles(deps.database.db, viewer.organisationId, ACTION_PLAN_OWNER_ROLES);
  return people.map((person) => ({ id: person.id, name: person.name, role: person.role as ActionPlanOwnerOption['role'] }));
}
