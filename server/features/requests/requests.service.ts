/**
 * The internal customer portal: sales files requests, marketing works the queue.
 * Visibility: sales reps see what they filed (or watch), sales leads also their team's requests,
 * marketing, executives and admins the whole organisation. A request you may not see is "not found".
 * Internal notes are marketing's own and never reach anyone without `requests.work`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CommentVisibility,
  Page,
  RequestComment,
  RequestCreateBody,
  RequestDetail,
  RequestEventKind,
  RequestListQuery,
  RequestRating,
  RequestRatingBody,
  RequestSla,
  RequestStatus,
  RequestSummary,
  RequestType,
  RequestTypeKey,
  RequestWatchers,
} from '../../../common/api/contracts.js';
import type { Role } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { can } from '../../policies/access.js';
import { notifyAboutRequest } from '../notifications/notifications.service.js';
import * as slaRepo from '../sla/sla.repository.js';
import {
  effectiveSlaTargets,
  loadBusinessCalendar,
  pausesOf,
  presentRequestSla,
  slaColumns,
  slaOutcomes,
} from '../sla/sla-clock.js';
import * as repo from './requests.repository.js';

/**
 * The moment a use case acts at; the system clock unless given. Tests pass one to file and move
 * requests at chosen business times without faking global timers.
 */
export interface At {
  now?: Date | undefined;
}

/** The signed-in person looking at or acting on requests. */
export interface Viewer {
  userId: string;
  organisationId: string;
  role: Role;
  teamId: string | null;
}

const DEFAULT_TYPES: { key: RequestTypeKey; de: string; en: string }[] = [
  { key: 'collateral', de: 'Vertriebsmaterial', en: 'Collateral' },
  { key: 'campaign_support', de: 'Kampagnenunterstützung', en: 'Campaign support' },
  { key: 'event_support', de: 'Eventunterstützung', en: 'Event support' },
  { key: 'lead_list', de: 'Leadliste', en: 'Lead list' },
  { key: 'competitive_intelligence', de: 'Wettbewerbsinformationen', en: 'Competitive intelligence' },
  { key: 'pricing_support', de: 'Preisunterstützung', en: 'Pricing support' },
  { key: 'training', de: 'Schulung', en: 'Training' },
  { key: 'other', de: 'Sonstiges', en: 'Other' },
];

/** Seeds the default request types of an organisation on first use; safe to call concurrently. */
export async function ensureDefaultRequestTypes(db: Kysely<Tables>, organisationId: string): Promise<void> {
  if ((await repo.countRequestTypes(db, organisationId)) >= DEFAULT_TYPES.length) return;
  const now = nowIso();
  await repo.insertRequestTypesIfMissing(
    db,
    DEFAULT_TYPES.map((t) => ({
      id: randomUUID(),
      organisation_id: organisationId,
      key: t.key,
      name_de: t.de,
      name_en: t.en,
      active: 1,
      created_at: now,
    })),
  );
}

// ---------- presenters ----------

function presentType(row: { id: string; key: string; name_de: string; name_en: string; active: number }): RequestType {
  return { id: row.id, key: row.key, nameDe: row.name_de, nameEn: row.name_en, active: Number(row.active) === 1 };
}

export function presentRequestSummary(row: repo.RequestRow, sla?: RequestSla): RequestSummary {
  return {
    id: row.id,
    number: Number(row.number),
    type: presentType({
      id: row.type_id,
      key: row.type_key,
      name_de: row.type_name_de,
      name_en: row.type_name_en,
      active: row.type_active,
    }),
    title: row.title,
    account: row.account_id && row.account_name !== null ? { id: row.account_id, name: row.account_name } : null,
    dueOn: row.due_on,
    priority: row.priority,
    status: row.status,
    requester: { id: row.requester_id, name: row.requester_name },
    teamId: row.team_id,
    assignee: row.assignee_id && row.assignee_name !== null ? { id: row.assignee_id, name: row.assignee_name } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    ...(sla ? { sla } : {}),
  };
}

function presentRating(row: repo.RatingRow): RequestRating {
  return {
    score: Number(row.score),
    comment: row.comment,
    extraMile: Number(row.extra_mile) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

function presentComment(row: repo.CommentRow): RequestComment {
  return {
    id: row.id,
    author: { id: row.author_id, name: row.author_name },
    body: row.body,
    visibility: row.visibility,
    createdAt: row.created_at,
  };
}

// ---------- rules ----------

const seesInternal = (viewer: Viewer) => can(viewer.role, 'requests.work');

export function scopeOf(viewer: Viewer): repo.RequestScope {
  if (can(viewer.role, 'requests.read_all')) return { kind: 'all' };
  if (can(viewer.role, 'requests.read_team')) return { kind: 'team', userId: viewer.userId, teamId: viewer.teamId };
  return { kind: 'own', userId: viewer.userId };
}

/** The workflow: every status and where it may go next. */
const NEXT: Record<RequestStatus, RequestStatus[]> = {
  new: ['accepted', 'declined'],
  accepted: ['in_progress', 'waiting_for_sales', 'declined', 'delivered'],
  in_progress: ['waiting_for_sales', 'delivered', 'declined'],
  waiting_for_sales: ['in_progress'],
  delivered: ['closed', 'in_progress'],
  closed: [],
  declined: [],
};
const REOPEN_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** Marketing moves everything up to delivery; the requester answers, closes and reopens. */
function mayTransition(viewer: Viewer, request: repo.RequestRow, from: RequestStatus, to: RequestStatus): boolean {
  const isRequester = request.requester_id === viewer.userId;
  if (from === 'delivered') return isRequester;
  if (from === 'waiting_for_sales' && to === 'in_progress' && isRequester) return true;
  return can(viewer.role, 'requests.work');
}

function invalidTransition(from: RequestStatus, to: RequestStatus) {
  const allowed = NEXT[from];
  const next = allowed.length ? `it can move to ${allowed.join(', ')}` : 'it cannot move any further';
  return new AppError(409, 'invalid_transition', `The request is ${from}; ${next}, not to ${to}.`, {
    current: from,
    allowed,
  });
}

const invalidInput = (message: string) => new AppError(400, 'validation_failed', message);
const todayUtc = () => new Date().toISOString().slice(0, 10);

async function findVisibleRequest(db: Kysely<Tables>, viewer: Viewer, requestId: string) {
  const row = await repo.findRequestById(db, viewer.organisationId, scopeOf(viewer), requestId);
  if (!row) throw notFound('Request');
  return row;
}

function eventRow(viewer: Viewer, requestId: string, kind: RequestEventKind, details: Record<string, unknown>, at: string) {
  return {
    id: randomUUID(),
    organisation_id: viewer.organisationId,
    request_id: requestId,
    actor_id: viewer.userId,
    kind,
    details: JSON.stringify(details),
    created_at: at,
  };
}

// ---------- use cases ----------

export async function fileRequest(deps: AppDeps, viewer: Viewer, input: RequestCreateBody, at: At = {}): Promise<RequestDetail> {
  const { db } = deps.database;
  await ensureDefaultRequestTypes(db, viewer.organisationId);
  const type = await repo.findRequestType(db, viewer.organisationId, input.typeId);
  if (!type) throw invalidInput('The request type does not exist in this organisation.');
  if (Number(type.active) !== 1) {
    throw new AppError(409, 'request_type_inactive', 'This request type is no longer offered. Choose another type.');
  }
  if (input.accountId && !(await repo.findAccountOfOrganisation(db, viewer.organisationId, input.accountId))) {
    throw invalidInput('The account does not exist in this organisation.');
  }
  if (input.dueOn && input.dueOn < todayUtc()) throw invalidInput('The due date lies in the past.');
  const id = randomUUID();
  const moment = at.now ?? new Date();
  const now = moment.toISOString();
  // The targets in force now are kept with the request: later policy changes do not rewrite its history.
  const targets = await effectiveSlaTargets(db, viewer.organisationId, type.id, input.priority);
  const sla = {
    first_response_target_minutes: targets.firstResponseMinutes,
    resolution_target_minutes: targets.resolutionMinutes,
    sla_stopped_at: null,
  };
  const calendar = await loadBusinessCalendar(db, viewer.organisationId);
  const schedule = slaColumns(
    calendar,
    { ...sla, priority: input.priority, created_at: now, first_response_at: null },
    [],
    moment,
  );
  await db.transaction().execute(async (trx) => {
    const number = await repo.allocateRequestNumber(trx, viewer.organisationId);
    await repo.insertRequest(trx, {
      id,
      organisation_id: viewer.organisationId,
      number,
      type_id: type.id,
      title: input.title,
      description: input.description,
      account_id: input.accountId,
      due_on: input.dueOn,
      priority: input.priority,
      status: 'new',
      decline_reason: null,
      requester_id: viewer.userId,
      team_id: viewer.teamId,
      assignee_id: null,
      created_at: now,
      updated_at: now,
      first_response_at: null,
      delivered_at: null,
      closed_at: null,
      ...sla,
      ...schedule,
    });
    await repo.insertWatcher(trx, id, viewer.userId);
    await repo.insertEvent(trx, eventRow(viewer, id, 'created', { number }, now));
  });
  await notifyAboutRequest(deps, viewer.organisationId, id, viewer.userId, { kind: 'request_created' });
  return getRequest(deps, viewer, id, at);
}

/** The SLA of each row as of `now`, with one query for the calendar and one for the pauses. */
async function slaOfRows(db: Kysely<Tables>, organisationId: string, rows: repo.RequestRow[], now: Date) {
  const [calendar, pauses] = await Promise.all([
    loadBusinessCalendar(db, organisationId),
    slaRepo.listPauses(
      db,
      organisationId,
      rows.map((r) => r.id),
    ),
  ]);
  return new Map(
    rows.map((row) => [row.id, presentRequestSla(calendar, row, pausesOf(pauses.filter((p) => p.request_id === row.id)), now)]),
  );
}

export async function listRequests(
  deps: AppDeps,
  viewer: Viewer,
  query: RequestListQuery,
  at: At = {},
): Promise<Page<RequestSummary>> {
  const now = at.now ?? new Date();
  const statuses = query.status === undefined ? undefined : Array.isArray(query.status) ? query.status : [query.status];
  const { rows, total } = await repo.listRequests(deps.database.db, viewer.organisationId, scopeOf(viewer), {
    statuses,
    typeId: query.typeId,
    assigneeId: query.assigneeId,
    teamId: query.teamId,
    requesterId: query.mine === 'true' ? viewer.userId : undefined,
    q: query.q,
    slaState: query.slaState ? { state: query.slaState, now: now.toISOString() } : undefined,
    sort: query.sort,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  const slas = await slaOfRows(deps.database.db, viewer.organisationId, rows, now);
  return {
    items: rows.map((row) => presentRequestSummary(row, slas.get(row.id))),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getRequest(deps: AppDeps, viewer: Viewer, requestId: string, at: At = {}): Promise<RequestDetail> {
  const { db } = deps.database;
  const row = await findVisibleRequest(db, viewer, requestId);
  const internal = seesInternal(viewer);
  const [comments, events, watchers, slas, rating] = await Promise.all([
    repo.listComments(db, viewer.organisationId, requestId, internal),
    repo.listEvents(db, viewer.organisationId, requestId),
    repo.listWatchers(db, requestId),
    slaOfRows(db, viewer.organisationId, [row], at.now ?? new Date()),
    repo.findRating(db, viewer.organisationId, requestId),
  ]);
  const timeline = events
    .map((e) => ({ ...e, parsed: JSON.parse(e.details) as Record<string, unknown> }))
    .filter((e) => internal || !(e.kind === 'commented' && e.parsed.visibility === 'internal'))
    .map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actor_id && e.actor_name !== null ? { id: e.actor_id, name: e.actor_name } : null,
      details: e.parsed,
      at: e.created_at,
    }));
  return {
    ...presentRequestSummary(row, slas.get(row.id)),
    description: row.description,
    declineReason: row.decline_reason,
    firstResponseAt: row.first_response_at,
    deliveredAt: row.delivered_at,
    closedAt: row.closed_at,
    comments: comments.map(presentComment),
    watching: watchers.some((w) => w.id === viewer.userId),
    watchers: watchers.map((w) => ({ id: w.id, name: w.name })),
    timeline,
    rating: rating ? presentRating(rating) : null,
  };
}

export async function transitionRequest(
  deps: AppDeps,
  viewer: Viewer,
  requestId: string,
  expectedVersion: number,
  input: { to: RequestStatus; reason?: string | undefined },
  at: At = {},
): Promise<RequestDetail> {
  const { db } = deps.database;
  const row = await findVisibleRequest(db, viewer, requestId);
  if (row.version !== expectedVersion) throw staleVersion();
  const from = row.status;
  if (!NEXT[from].includes(input.to)) throw invalidTransition(from, input.to);
  if (!mayTransition(viewer, row, from, input.to)) throw forbidden();
  const reopening = from === 'delivered' && input.to === 'in_progress';
  if ((input.to === 'declined' || reopening) && !input.reason) {
    throw invalidInput(input.to === 'declined' ? 'Say why the request is declined.' : 'Say why the request is reopened.');
  }
  const moment = at.now ?? new Date();
  const now = moment.toISOString();
  if (reopening && row.delivered_at && Date.parse(now) - Date.parse(row.delivered_at) > REOPEN_WINDOW_MS) {
    throw new AppError(409, 'invalid_transition', 'A delivered request can be reopened only within 14 days of delivery.', {
      current: from,
      allowed: ['closed'],
    });
  }
  const byMarketing = can(viewer.role, 'requests.work');
  const change: Parameters<typeof repo.updateRequestIfVersion>[4] = { status: input.to, updated_at: now };
  if (byMarketing && !row.first_response_at) change.first_response_at = now;
  if (input.to === 'declined') change.decline_reason = input.reason ?? null;
  if (input.to === 'delivered') change.delivered_at = now;
  if (input.to === 'closed') change.closed_at = now;

  // The resolution clock: waiting for sales pauses it, delivery and decline stop it, and a reopened
  // delivery resumes it without counting the time the requester had the delivery.
  let pauses = pausesOf(await slaRepo.listPauses(db, viewer.organisationId, [requestId]));
  let newPause: { reason: 'waiting_for_sales' | 'delivered'; started_at: string; ended_at: string | null } | null = null;
  const leavesWait = from === 'waiting_for_sales';
  if (leavesWait) pauses = pauses.map((p) => (p.to === null ? { ...p, to: moment } : p));
  if (input.to === 'waiting_for_sales') newPause = { reason: 'waiting_for_sales', started_at: now, ended_at: null };
  if (input.to === 'delivered' || input.to === 'declined') change.sla_stopped_at = now;
  if (reopening) {
    if (row.sla_stopped_at) newPause = { reason: 'delivered', started_at: row.sla_stopped_at, ended_at: now };
    change.sla_stopped_at = null;
  }
  if (newPause) {
    pauses.push({ from: new Date(newPause.started_at), to: newPause.ended_at === null ? null : new Date(newPause.ended_at) });
  }
  const calendar = await loadBusinessCalendar(db, viewer.organisationId);
  // The stored due instants, and the outcome of a clock this change stops (cleared when it restarts).
  Object.assign(
    change,
    slaColumns(
      calendar,
      {
        ...row,
        first_response_at: change.first_response_at ?? row.first_response_at,
        sla_stopped_at: change.sla_stopped_at === undefined ? row.sla_stopped_at : change.sla_stopped_at,
      },
      pauses,
      moment,
    ),
  );

  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateRequestIfVersion(trx, viewer.organisationId, requestId, expectedVersion, change))) {
      throw staleVersion();
    }
    if (leavesWait) await slaRepo.closeOpenPauses(trx, viewer.organisationId, requestId, now);
    if (newPause) {
      await slaRepo.insertPause(trx, {
        id: randomUUID(),
        request_id: requestId,
        organisation_id: viewer.organisationId,
        ...newPause,
      });
    }
    const details: Record<string, unknown> = { from, to: input.to };
    if (input.reason) details.reason = input.reason;
    await repo.insertEvent(trx, eventRow(viewer, requestId, 'status_changed', details, now));
  });
  await notifyAboutRequest(deps, viewer.organisationId, requestId, viewer.userId, {
    kind: 'request_status_changed',
    from,
    to: input.to,
  });
  return getRequest(deps, viewer, requestId, at);
}

export async function assignRequest(
  deps: AppDeps,
  viewer: Viewer,
  requestId: string,
  expectedVersion: number,
  assigneeId: string | null,
): Promise<RequestDetail> {
  const { db } = deps.database;
  const row = await findVisibleRequest(db, viewer, requestId);
  if (assigneeId) {
    const assignee = await repo.findPersonOfOrganisation(db, viewer.organisationId, assigneeId);
    if (!assignee || assignee.status === 'deactivated' || !can(assignee.role, 'requests.work')) {
      throw invalidInput('Requests can be assigned only to active marketers and marketing leads of the organisation.');
    }
  }
  if (row.version !== expectedVersion) throw staleVersion();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const updated = await repo.updateRequestIfVersion(trx, viewer.organisationId, requestId, expectedVersion, {
      assignee_id: assigneeId,
      updated_at: now,
    });
    if (!updated) throw staleVersion();
    await repo.insertEvent(trx, eventRow(viewer, requestId, 'assigned', { from: row.assignee_id, to: assigneeId }, now));
  });
  if (assigneeId && assigneeId !== row.assignee_id) {
    await notifyAboutRequest(deps, viewer.organisationId, requestId, viewer.userId, { kind: 'request_assigned', assigneeId });
  }
  return getRequest(deps, viewer, requestId);
}

export async function commentOnRequest(
  deps: AppDeps,
  viewer: Viewer,
  requestId: string,
  input: { body: string; visibility: CommentVisibility },
): Promise<RequestComment> {
  const { db } = deps.database;
  const row = await findVisibleRequest(db, viewer, requestId);
  if (input.visibility === 'internal' && !seesInternal(viewer)) throw forbidden();
  const id = randomUUID();
  const now = nowIso();
  const publicByMarketing = input.visibility === 'public' && can(viewer.role, 'requests.work');
  // The requester's answer is what marketing waited for: the request goes back to work.
  const answersWait = input.visibility === 'public' && row.status === 'waiting_for_sales' && row.requester_id === viewer.userId;
  let schedule: ReturnType<typeof slaColumns> | null = null;
  if (answersWait) {
    const moment = new Date(now);
    const pauses = pausesOf(await slaRepo.listPauses(db, viewer.organisationId, [requestId])).map((p) =>
      p.to === null ? { ...p, to: moment } : p,
    );
    schedule = slaColumns(await loadBusinessCalendar(db, viewer.organisationId), row, pauses, moment);
  }
  // A first response stops its clock: its outcome is stored with it, for the reports.
  let firstResponse: repo.FirstResponse | undefined;
  if (publicByMarketing && !row.first_response_at) {
    const calendar = await loadBusinessCalendar(db, viewer.organisationId);
    const outcomes = slaOutcomes(calendar, { ...row, first_response_at: now }, [], new Date(now));
    firstResponse = { at: now, met: outcomes.first_response_met, businessMs: outcomes.first_response_business_ms };
  }
  await db.transaction().execute(async (trx) => {
    await repo.insertComment(trx, {
      id,
      organisation_id: viewer.organisationId,
      request_id: requestId,
      author_id: viewer.userId,
      body: input.body,
      visibility: input.visibility,
      created_at: now,
    });
    await repo.insertEvent(trx, eventRow(viewer, requestId, 'commented', { commentId: id, visibility: input.visibility }, now));
    if (answersWait) {
      // Against the version just read: a concurrent change wins and the comment stays a plain comment.
      const moved = await repo.updateRequestIfVersion(trx, viewer.organisationId, requestId, row.version, {
        status: 'in_progress',
        updated_at: now,
        ...schedule,
      });
      if (moved) {
        await slaRepo.closeOpenPauses(trx, viewer.organisationId, requestId, now);
        await repo.insertEvent(
          trx,
          eventRow(viewer, requestId, 'status_changed', { from: 'waiting_for_sales', to: 'in_progress', via: 'comment' }, now),
        );
      }
    } else {
      await repo.touchRequest(trx, viewer.organisationId, requestId, { updated_at: now, firstResponse });
    }
  });
  await notifyAboutRequest(deps, viewer.organisationId, requestId, viewer.userId, {
    kind: 'request_commented',
    visibility: input.visibility,
  });
  const comment = (await repo.listComments(db, viewer.organisationId, requestId, true)).find((c) => c.id === id);
  if (!comment) throw notFound('Comment');
  return presentComment(comment);
}

export async function watchRequest(deps: AppDeps, viewer: Viewer, requestId: string, watch: boolean): Promise<RequestWatchers> {
  const { db } = deps.database;
  await findVisibleRequest(db, viewer, requestId);
  if (watch) await repo.insertWatcher(db, requestId, viewer.userId);
  else await repo.deleteWatcher(db, requestId, viewer.userId);
  const watchers = await repo.listWatchers(db, requestId);
  return {
    watching: watchers.some((w) => w.id === viewer.userId),
    watchers: watchers.map((w) => ({ id: w.id, name: w.name })),
  };
}

// ---------- ratings ----------

const RATABLE: RequestStatus[] = ['delivered', 'closed'];
const RATING_EDIT_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** Only the requester rates, and only what was delivered. */
async function findRatableRequest(db: Kysely<Tables>, viewer: Viewer, requestId: string) {
  const row = await findVisibleRequest(db, viewer, requestId);
  if (row.requester_id !== viewer.userId) throw forbidden();
  if (!RATABLE.includes(row.status)) {
    throw new AppError(409, 'conflict', `Only a delivered or closed request can be rated; this one is ${row.status}.`, {
      current: row.status,
    });
  }
  return row;
}

function ratingDetails(input: RequestRatingBody, changed: boolean): Record<string, unknown> {
  return { score: input.score, extraMile: input.extraMile, ...(changed ? { changed: true } : {}) };
}

export async function rateRequest(
  deps: AppDeps,
  viewer: Viewer,
  requestId: string,
  input: RequestRatingBody,
  at: At = {},
): Promise<RequestRating> {
  const { db } = deps.database;
  await findRatableRequest(db, viewer, requestId);
  const now = (at.now ?? new Date()).toISOString();
  const alreadyRated = () =>
    new AppError(409, 'conflict', 'This request has already been rated; change the rating with PUT and If-Match.');
  if (await repo.findRating(db, viewer.organisationId, requestId)) throw alreadyRated();
  await db.transaction().execute(async (trx) => {
    const inserted = await repo.insertRatingIfAbsent(trx, {
      request_id: requestId,
      organisation_id: viewer.organisationId,
      rater_id: viewer.userId,
      score: input.score,
      comment: input.comment || null,
      extra_mile: input.extraMile ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    // Two concurrent first ratings: the primary key lets one win.
    if (!inserted) throw alreadyRated();
    await repo.insertEvent(trx, eventRow(viewer, requestId, 'rated', ratingDetails(input, false), now));
  });
  return getRating(db, viewer, requestId);
}

export async function changeRating(
  deps: AppDeps,
  viewer: Viewer,
  requestId: string,
  expectedVersion: number,
  input: RequestRatingBody,
  at: At = {},
): Promise<RequestRating> {
  const { db } = deps.database;
  const row = await findRatableRequest(db, viewer, requestId);
  const existing = await repo.findRating(db, viewer.organisationId, requestId);
  if (!existing) throw notFound('Rating');
  const moment = at.now ?? new Date();
  const deliveredAt = Date.parse(row.delivered_at ?? existing.created_at);
  if (moment.getTime() - deliveredAt > RATING_EDIT_WINDOW_MS) {
    throw new AppError(409, 'conflict', 'A rating can be changed only within 14 days of delivery.');
  }
  if (Number(existing.version) !== expectedVersion) throw staleVersion();
  const now = moment.toISOString();
  await db.transaction().execute(async (trx) => {
    const updated = await repo.updateRatingIfVersion(trx, viewer.organisationId, requestId, expectedVersion, {
      score: input.score,
      comment: input.comment || null,
      extra_mile: input.extraMile ? 1 : 0,
      updated_at: now,
    });
    if (!updated) throw staleVersion();
    await repo.insertEvent(trx, eventRow(viewer, requestId, 'rated', ratingDetails(input, true), now));
  });
  return getRating(db, viewer, requestId);
}

async function getRating(db: Kysely<Tables>, viewer: Viewer, requestId: string): Promise<RequestRating> {
  const rating = await repo.findRating(db, viewer.organisationId, requestId);
  if (!rating) throw notFound('Rating');
  return presentRating(rating);
}
