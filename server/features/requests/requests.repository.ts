import { type Expression, expressionBuilder, type Insertable, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { RequestStatus } from '../../../common/api/contracts.js';
import { containsInsensitive } from '../../db/database.js';
import type {
  RequestCommentsTable,
  RequestEventsTable,
  RequestRatingsTable,
  RequestsTable,
  RequestTypesTable,
  Tables,
} from '../../db/tables.js';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Which requests a person may see: decided by the service, applied here to every read. */
export type RequestScope =
  | { kind: 'all' }
  | { kind: 'team'; userId: string; teamId: string | null }
  | { kind: 'own'; userId: string };

// ---------- request types ----------

export async function insertRequestTypesIfMissing(db: Db, rows: Omit<RequestTypesTable, 'version'>[]) {
  await db
    .insertInto('request_types')
    .values(rows)
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doNothing())
    .execute();
}

export async function countRequestTypes(db: Db, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('request_types')
    .where('organisation_id', '=', organisationId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listRequestTypes(db: Db, organisationId: string) {
  return db
    .selectFrom('request_types')
    .where('organisation_id', '=', organisationId)
    .select(['id', 'key', 'name_de', 'name_en', 'active'])
    .orderBy('created_at')
    .orderBy('key')
    .execute();
}

export function findRequestType(db: Db, organisationId: string, typeId: string) {
  return db
    .selectFrom('request_types')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', typeId)
    .select(['id', 'key', 'name_de', 'name_en', 'active'])
    .executeTakeFirst();
}

export function findAccountOfOrganisation(db: Db, organisationId: string, accountId: string) {
  return db
    .selectFrom('accounts')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', accountId)
    .select(['id'])
    .executeTakeFirst();
}

export function findPersonOfOrganisation(db: Db, organisationId: string, userId: string) {
  return db
    .selectFrom('users')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .select(['id', 'name', 'role', 'status', 'team_id'])
    .executeTakeFirst();
}

// ---------- requests ----------

/** The next per-organisation number; run inside the filing transaction, so a rollback returns it. */
export async function allocateRequestNumber(db: Db, organisationId: string): Promise<number> {
  const row = await db
    .insertInto('request_number_counters')
    .values({ organisation_id: organisationId, last_number: 1 })
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet((eb) => ({
        last_number: eb('request_number_counters.last_number', '+', 1),
      })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertRequest(db: Db, row: Insertable<RequestsTable>) {
  await db.insertInto('requests').values(row).execute();
}

const NAME_COLUMNS = [
  'request_types.key as type_key',
  'request_types.name_de as type_name_de',
  'request_types.name_en as type_name_en',
  'request_types.active as type_active',
  'requester.name as requester_name',
  'assignee.name as assignee_name',
  'accounts.name as account_name',
] as const;

function requestsWithNames(db: Db, organisationId: string) {
  return db
    .selectFrom('requests')
    .innerJoin('request_types', 'request_types.id', 'requests.type_id')
    .innerJoin('users as requester', 'requester.id', 'requests.requester_id')
    .leftJoin('users as assignee', 'assignee.id', 'requests.assignee_id')
    .leftJoin('accounts', 'accounts.id', 'requests.account_id')
    .where('requests.organisation_id', '=', organisationId)
    .selectAll('requests')
    .select(NAME_COLUMNS);
}

export function scopeConditions(scope: RequestScope): Expression<SqlBool>[] {
  if (scope.kind === 'all') return [];
  const eb = expressionBuilder<Tables, 'requests'>();
  const ors: Expression<SqlBool>[] = [
    eb('requests.requester_id', '=', scope.userId),
    eb.exists(
      eb
        .selectFrom('request_watchers')
        .whereRef('request_watchers.request_id', '=', 'requests.id')
        .where('request_watchers.user_id', '=', scope.userId)
        .select(sql<number>`1`.as('one')),
    ),
  ];
  if (scope.kind === 'team' && scope.teamId) ors.push(eb('requests.team_id', '=', scope.teamId));
  return [eb.or(ors)];
}

export interface RequestFilter {
  statuses?: RequestStatus[] | undefined;
  typeId?: string | undefined;
  assigneeId?: string | 'unassigned' | undefined;
  teamId?: string | undefined;
  requesterId?: string | undefined;
  q?: string | undefined;
  /** On the stored resolution instants, as of `now` (ISO): see the SLA columns in tables.ts. */
  slaState?: { state: 'at_risk' | 'breached'; now: string } | undefined;
}

/** Statuses at which the resolution clock has stopped. */
const SLA_STOPPED: RequestStatus[] = ['delivered', 'closed', 'declined'];

function filterConditions(filter: RequestFilter): Expression<SqlBool>[] {
  const eb = expressionBuilder<Tables, 'requests'>();
  const conditions: Expression<SqlBool>[] = [];
  if (filter.statuses?.length) conditions.push(eb('requests.status', 'in', filter.statuses));
  if (filter.typeId) conditions.push(eb('requests.type_id', '=', filter.typeId));
  if (filter.assigneeId === 'unassigned') conditions.push(eb('requests.assignee_id', 'is', null));
  else if (filter.assigneeId) conditions.push(eb('requests.assignee_id', '=', filter.assigneeId));
  if (filter.teamId) conditions.push(eb('requests.team_id', '=', filter.teamId));
  if (filter.requesterId) conditions.push(eb('requests.requester_id', '=', filter.requesterId));
  if (filter.q) {
    conditions.push(
      eb.or([containsInsensitive('requests.title', filter.q), containsInsensitive('requests.description', filter.q)]),
    );
  }
  if (filter.slaState) {
    const { state, now } = filter.slaState;
    conditions.push(eb('requests.status', 'not in', SLA_STOPPED));
    if (state === 'breached') conditions.push(eb('requests.resolution_due_at', '<', now));
    else {
      conditions.push(eb('requests.resolution_at_risk_at', '<=', now));
      conditions.push(eb.or([eb('requests.resolution_due_at', 'is', null), eb('requests.resolution_due_at', '>=', now)]));
    }
  }
  return conditions;
}

/** The order of a listing, as expressions on the requests table, so that the page and its names agree. */
function sortKeys(sort: 'created' | 'due' | 'sla'): [Expression<unknown>, 'asc' | 'desc'][] {
  const number: [Expression<unknown>, 'desc'] = [sql.ref('requests.number'), 'desc'];
  if (sort === 'due') {
    return [[sql`case when requests.due_on is null then 1 else 0 end`, 'asc'], [sql.ref('requests.due_on'), 'asc'], number];
  }
  if (sort === 'sla') {
    // Running clocks by due time, then paused (waiting for sales) and stopped requests by due time, then
    // unknown due times. One rank instead of a null test keeps nulls out of the dialects' different null
    // orders, and the expression is the one indexed by requests_org_sla_queue (migration 011): both
    // planners then read the page off the index instead of sorting every request of the organisation.
    return [
      [
        sql`case when requests.resolution_due_at is null then 2 when requests.status in ('waiting_for_sales', 'delivered', 'closed', 'declined') then 1 else 0 end`,
        'asc',
      ],
      [sql.ref('requests.resolution_due_at'), 'asc'],
      number,
    ];
  }
  return [number];
}

export async function listRequests(
  db: Db,
  organisationId: string,
  scope: RequestScope,
  options: RequestFilter & { sort: 'created' | 'due' | 'sla'; offset: number; limit: number },
) {
  const conditions = [...scopeConditions(scope), ...filterConditions(options)];
  // The page is chosen on the requests table alone and only its rows are joined to names: joining every
  // matching request before sorting made a queue of 100,000 requests take most of a second. The names
  // are joined through the page, not looked up by organisation and id list: without statistics SQLite
  // then walked every request of the organisation instead of the 50 of the page.
  let pageQuery = db.selectFrom('requests').select('requests.id').where('requests.organisation_id', '=', organisationId);
  let countQuery = db.selectFrom('requests').where('requests.organisation_id', '=', organisationId);
  for (const condition of conditions) {
    pageQuery = pageQuery.where(condition);
    countQuery = countQuery.where(condition);
  }
  const keys = sortKeys(options.sort);
  for (const [key, direction] of keys) pageQuery = pageQuery.orderBy(key, direction);
  let namedQuery = db
    .selectFrom(pageQuery.offset(options.offset).limit(options.limit).as('page'))
    .innerJoin('requests', 'requests.id', 'page.id')
    .innerJoin('request_types', 'request_types.id', 'requests.type_id')
    .innerJoin('users as requester', 'requester.id', 'requests.requester_id')
    .leftJoin('users as assignee', 'assignee.id', 'requests.assignee_id')
    .leftJoin('accounts', 'accounts.id', 'requests.account_id')
    .selectAll('requests')
    .select(NAME_COLUMNS);
  for (const [key, direction] of keys) namedQuery = namedQuery.orderBy(key, direction);
  const [rows, total] = await Promise.all([
    namedQuery.execute(),
    countQuery.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findRequestById(db: Db, organisationId: string, scope: RequestScope, requestId: string) {
  let query = requestsWithNames(db, organisationId).where('requests.id', '=', requestId);
  for (const condition of scopeConditions(scope)) query = query.where(condition);
  return query.executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequestById>>>;

/** Applies the change only if the row still has the version the editor saw; answers whether it did. */
export async function updateRequestIfVersion(
  db: Db,
  organisationId: string,
  requestId: string,
  expectedVersion: number,
  change: Partial<
    Pick<
      RequestsTable,
      | 'status'
      | 'decline_reason'
      | 'assignee_id'
      | 'updated_at'
      | 'first_response_at'
      | 'delivered_at'
      | 'closed_at'
      | 'sla_stopped_at'
      | 'resolution_due_at'
      | 'resolution_at_risk_at'
      | 'first_response_due_at'
      | 'first_response_met'
      | 'first_response_business_ms'
      | 'resolution_met'
      | 'resolution_business_ms'
    >
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('requests')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', requestId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The first response a change records, with the outcome its clock stops at. */
export interface FirstResponse {
  at: string;
  met: number | null;
  businessMs: number | null;
}

/**
 * For changes that need no version (a comment's side effects). A first response already recorded
 * stays, and so does its outcome: both are set only where the response is still missing.
 */
export async function touchRequest(
  db: Db,
  organisationId: string,
  requestId: string,
  change: { updated_at: string; firstResponse?: FirstResponse | undefined },
) {
  const response = change.firstResponse;
  const unlessResponded = (column: string, value: number | null) =>
    sql<number | null>`case when first_response_at is null then ${value} else ${sql.ref(column)} end`;
  const query = response
    ? db.updateTable('requests').set((eb) => ({
        updated_at: change.updated_at,
        first_response_at: eb.fn.coalesce('first_response_at', eb.val(response.at)),
        first_response_met: unlessResponded('first_response_met', response.met),
        first_response_business_ms: unlessResponded('first_response_business_ms', response.businessMs),
      }))
    : db.updateTable('requests').set({ updated_at: change.updated_at });
  await query.where('organisation_id', '=', organisationId).where('id', '=', requestId).execute();
}

// ---------- comments, events, watchers ----------

export async function insertComment(db: Db, row: RequestCommentsTable) {
  await db.insertInto('request_comments').values(row).execute();
}

export function listComments(db: Db, organisationId: string, requestId: string, includeInternal: boolean) {
  let query = db
    .selectFrom('request_comments')
    .innerJoin('users', 'users.id', 'request_comments.author_id')
    .where('request_comments.organisation_id', '=', organisationId)
    .where('request_comments.request_id', '=', requestId)
    .select([
      'request_comments.id',
      'request_comments.author_id',
      'users.name as author_name',
      'request_comments.body',
      'request_comments.visibility',
      'request_comments.created_at',
    ]);
  if (!includeInternal) query = query.where('request_comments.visibility', '=', 'public');
  return query.orderBy('request_comments.created_at').orderBy('request_comments.id').execute();
}
export type CommentRow = Awaited<ReturnType<typeof listComments>>[number];

export async function insertEvent(db: Db, row: RequestEventsTable) {
  await db.insertInto('request_events').values(row).execute();
}

export function listEvents(db: Db, organisationId: string, requestId: string) {
  return (
    db
      .selectFrom('request_events')
      .leftJoin('users', 'users.id', 'request_events.actor_id')
      .where('request_events.organisation_id', '=', organisationId)
      .where('request_events.request_id', '=', requestId)
      .select([
        'request_events.id',
        'request_events.kind',
        'request_events.actor_id',
        'users.name as actor_name',
        'request_events.details',
        'request_events.created_at',
      ])
      .orderBy('request_events.created_at')
      // Events of one transaction share a timestamp: a comment comes before the status change it caused.
      .orderBy(sql`case request_events.kind when 'created' then 0 when 'commented' then 1 else 2 end`)
      .orderBy('request_events.id')
      .execute()
  );
}
export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

export async function insertWatcher(db: Db, requestId: string, userId: string) {
  await db
    .insertInto('request_watchers')
    .values({ request_id: requestId, user_id: userId })
    .onConflict((oc) => oc.columns(['request_id', 'user_id']).doNothing())
    .execute();
}

export async function deleteWatcher(db: Db, requestId: string, userId: string) {
  await db.deleteFrom('request_watchers').where('request_id', '=', requestId).where('user_id', '=', userId).execute();
}

export function listWatchers(db: Db, requestId: string) {
  return db
    .selectFrom('request_watchers')
    .innerJoin('users', 'users.id', 'request_watchers.user_id')
    .where('request_watchers.request_id', '=', requestId)
    .select(['users.id', 'users.name'])
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

// ---------- ratings ----------

export function findRating(db: Db, organisationId: string, requestId: string) {
  return db
    .selectFrom('request_ratings')
    .where('organisation_id', '=', organisationId)
    .where('request_id', '=', requestId)
    .selectAll()
    .executeTakeFirst();
}
export type RatingRow = NonNullable<Awaited<ReturnType<typeof findRating>>>;

/** Inserts the rating unless the request already has one; answers whether it did. */
export async function insertRatingIfAbsent(db: Db, row: Insertable<RequestRatingsTable>): Promise<boolean> {
  const result = await db
    .insertInto('request_ratings')
    .values(row)
    .onConflict((oc) => oc.column('request_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Applies the change only if the rating still has the version the editor saw; answers whether it did. */
export async function updateRatingIfVersion(
  db: Db,
  organisationId: string,
  requestId: string,
  expectedVersion: number,
  change: Pick<RequestRatingsTable, 'score' | 'comment' | 'extra_mile' | 'updated_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('request_ratings')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('request_id', '=', requestId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
