/**
 * The request queue on 100,000 requests: the marketer's first page (50, sorted by SLA due) through the
 * service (queries, SLA states, presentation) next to the repository's queries alone; and filing a
 * request through the service next to a raw insert of the same row. Same process, same database.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { RequestStatus } from '../common/api/contracts.js';
import type { DialectName } from '../server/db/database.js';
import { nowIso } from '../server/db/database.js';
import type { RequestsTable } from '../server/db/tables.js';
import * as repo from '../server/features/requests/requests.repository.js';
import { ensureDefaultRequestTypes, fileRequest, listRequests } from '../server/features/requests/requests.service.js';
import { createRandom } from '../server/lib/random.js';
import { type BenchRow, median, openBenchDeps, timeMs } from './support.js';

const REQUESTS = 100_000;
const LIST_RUNS = 15;
const CREATES = 200;
const STATUSES: RequestStatus[] = ['new', 'accepted', 'in_progress', 'waiting_for_sales', 'delivered', 'closed', 'declined'];

export async function benchRequests(dialect: DialectName): Promise<BenchRow[]> {
  const deps = await openBenchDeps(dialect);
  const { db } = deps.database;
  const random = createRandom(`requests-${dialect}`);
  try {
    const organisationId = randomUUID();
    const now = nowIso();
    await db
      .insertInto('organisations')
      .values({ id: organisationId, name: 'Bench requests', default_locale: 'de', created_at: now })
      .execute();
    const teamId = randomUUID();
    await db
      .insertInto('teams')
      .values({ id: teamId, organisation_id: organisationId, name: 'Vertrieb', kind: 'sales', region: 'Süd', created_at: now })
      .execute();
    const person = (role: 'marketer' | 'sales_rep') => ({
      id: randomUUID(),
      organisation_id: organisationId,
      email: `${role}-${randomUUID()}@bench.test`,
      name: role,
      role,
      team_id: role === 'sales_rep' ? teamId : null,
      start_date: null,
      locale: 'de' as const,
      status: 'active' as const,
      password_hash: null,
      created_at: now,
      updated_at: now,
    });
    const marketer = person('marketer');
    const reps = Array.from({ length: 50 }, () => person('sales_rep'));
    await db
      .insertInto('users')
      .values([marketer, ...reps])
      .execute();
    await ensureDefaultRequestTypes(db, organisationId);
    const types = await repo.listRequestTypes(db, organisationId);

    const start = Date.parse(now) - 365 * 86_400_000;
    const rows: Insertable<RequestsTable>[] = Array.from({ length: REQUESTS }, (_, i) => {
      const created = new Date(start + random.int(0, 364) * 86_400_000 + random.int(0, 86_399) * 1000).toISOString();
      const due = new Date(Date.parse(created) + random.int(1, 20) * 86_400_000).toISOString();
      return {
        id: randomUUID(),
        organisation_id: organisationId,
        number: i + 1,
        type_id: random.pick(types).id,
        title: `Anfrage ${i + 1}`,
        description: 'Bitte um Unterstützung',
        due_on: null,
        priority: random.pick(['low', 'normal', 'high', 'urgent'] as const),
        status: random.pick(STATUSES),
        requester_id: random.pick(reps).id,
        team_id: teamId,
        assignee_id: random.chance(0.7) ? marketer.id : null,
        created_at: created,
        updated_at: created,
        resolution_due_at: due,
        resolution_at_risk_at: due,
      };
    });
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('requests')
          .values(rows.slice(i, i + 500))
          .execute();
    });
    await db.insertInto('request_number_counters').values({ organisation_id: organisationId, last_number: REQUESTS }).execute();

    const viewer = { userId: marketer.id, organisationId, role: 'marketer' as const, teamId: null };
    const query = { page: 1, pageSize: 50, sort: 'sla' as const };
    const scope: repo.RequestScope = { kind: 'all' };
    // Warm both paths once so that neither pays for the first query plan.
    await listRequests(deps, viewer, query);
    await repo.listRequests(db, organisationId, scope, { sort: 'sla', offset: 0, limit: 50 });
    const serviceTimes: number[] = [];
    const queryTimes: number[] = [];
    for (let run = 0; run < LIST_RUNS; run++) {
      serviceTimes.push(await timeMs(() => listRequests(deps, viewer, query)));
      queryTimes.push(await timeMs(() => repo.listRequests(db, organisationId, scope, { sort: 'sla', offset: 0, limit: 50 })));
    }

    const rep = reps[0];
    if (!rep) throw new Error('no rep');
    const repViewer = { userId: rep.id, organisationId, role: 'sales_rep' as const, teamId };
    const type = types[0];
    if (!type) throw new Error('no type');
    const fileTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < CREATES; i++) {
      const body = {
        typeId: type.id,
        title: `Neue Anfrage ${i}`,
        description: 'Bitte bis Freitag',
        priority: 'normal' as const,
        accountId: null,
        dueOn: null,
      };
      fileTimes.push(await timeMs(() => fileRequest(deps, repViewer, body)));
      const raw = { ...rows[i], id: randomUUID(), number: REQUESTS + CREATES + i + 1 } as Insertable<RequestsTable>;
      rawTimes.push(await timeMs(() => db.insertInto('requests').values(raw).execute()));
    }
    const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
    return [
      {
        benchmark: `queue page (50 of ${REQUESTS}, by SLA due)`,
        database: dialect,
        measured: `${median(serviceTimes).toFixed(1)} ms`,
        baseline: `${median(queryTimes).toFixed(1)} ms repository queries alone`,
        ratio: ratio(serviceTimes, queryTimes),
      },
      {
        benchmark: 'file one request',
        database: dialect,
        measured: `${median(fileTimes).toFixed(2)} ms`,
        baseline: `${median(rawTimes).toFixed(2)} ms raw insert of the row`,
        ratio: ratio(fileTimes, rawTimes),
      },
    ];
  } finally {
    await deps.database.close();
  }
}
