/**
 * The trust dashboard for an organisation of 50,000 people (20,000 reps in 2,000 teams of 8 regions)
 * with 24 monthly pulses and 8 quarterly trust checks, about 70 % answering: the dashboard service for
 * the organisation and for one region, next to a raw SQL GROUP BY over all of the organisation's answers
 * in the same run. Rows are inserted in bulk, straight into the tables.
 *
 * Every cycle's statistics are stored through storeClosedCycleStatistics, as the closed-cycle statistics
 * job does after a cycle closes (timed on its own, not part of any read). Then, per group:
 * - cold: the first request of a fresh process memory (a new connection) over what closing stored;
 * - warm: the same request again.
 * Reads of cycles closed before closing stored anything fill lazily; the tests cover that path.
 * Goal: cold ≤ 1 s, warm ≤ 100 ms, and at most a tenth of the raw scan. BENCH_DASHBOARD_SCALE (0–1)
 * shrinks the organisation for quick runs; the printed rows say which scale ran.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { itemsOfForm, pulseCycleIndexOfMonth } from '../common/instrument/forms.js';
import { loadConfig, readBenchDashboardScale, readBenchDatabaseUrl } from '../server/config.js';
import { type Database, type DialectName, nowIso, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import type { SurveyAnswersTable, SurveyResponsesTable } from '../server/db/tables.js';
import type { AppDeps } from '../server/deps.js';
import { getDashboard, storeClosedCycleStatistics } from '../server/features/analytics/dashboard.service.js';
import { createMailer } from '../server/features/mail/mailer.js';
import { createRandom } from '../server/lib/random.js';
import { type BenchRow, median, timeMs } from './support.js';

const PEOPLE = 50_000;
const REPS = 20_000;
const TEAM_SIZE = 10;
const REGIONS = 8;
const PULSES = 24;
const TRUST_CHECKS = 8;
const RESPONSE_RATE = 0.7;

function openFor(dialect: DialectName, sqliteFile: string): Database {
  const url = readBenchDatabaseUrl();
  return dialect === 'postgres' && url ? openDatabase({ databaseUrl: url, poolSize: 4 }) : openDatabase({ sqliteFile });
}

function depsOf(database: Database): AppDeps {
  return { config: loadConfig({ DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' }), database, mailer: createMailer(undefined) };
}

async function insertInChunks<T>(insert: (rows: T[]) => Promise<unknown>, rows: readonly T[], size: number) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Generates the organisation; returns its id, a region, and the number of answer rows written. */
async function generate(database: Database, scale: number) {
  const { db } = database;
  const random = createRandom('dashboard-bench');
  const now = nowIso();
  const organisationId = randomUUID();
  await db
    .insertInto('organisations')
    .values({ id: organisationId, name: 'Bench dashboard', default_locale: 'de', created_at: now })
    .execute();
  const reps = Math.round(REPS * scale);
  const teams = Array.from({ length: Math.max(1, Math.round(reps / TEAM_SIZE)) }, (_, i) => ({
    id: randomUUID(),
    organisation_id: organisationId,
    name: `Vertrieb ${i + 1}`,
    kind: 'sales' as const,
    region: `Region ${i % REGIONS}`,
    created_at: now,
  }));
  await insertInChunks((rows) => db.insertInto('teams').values(rows).execute(), teams, 500);
  // Everyone else of the 50,000 (marketing, leads, other staff with an account) only counts as people here.
  const people = Array.from({ length: Math.round(PEOPLE * scale) }, (_, i) => ({
    id: randomUUID(),
    organisation_id: organisationId,
    email: `p${i}-${organisationId.slice(0, 8)}@bench.test`,
    name: `Person ${i}`,
    role: i < reps ? ('sales_rep' as const) : i < reps + 1000 * scale ? ('marketer' as const) : ('sales_lead' as const),
    team_id: i < reps ? (teams[Math.floor(i / TEAM_SIZE) % teams.length]?.id ?? null) : null,
    start_date: null,
    locale: 'de' as const,
    status: 'active' as const,
    password_hash: null,
    created_at: now,
    updated_at: now,
  }));
  await insertInChunks((rows) => db.insertInto('users').values(rows).execute(), people, 1000);

  // A rep's atom: team × tenure band (two bands of five per team, as widening at opening would leave them) × role.
  const teamById = new Map(teams.map((team) => [team.id, team]));
  const repAtoms = people.slice(0, reps).map((person, i) => {
    const team = teamById.get(person.team_id as (typeof teams)[number]['id']) ?? teams[0];
    return {
      team_id: team?.id ?? '',
      region: team?.region ?? '',
      tenure_band: i % TEAM_SIZE < 5 ? '1-3' : '3-5',
      role: 'sales_rep',
    };
  });
  // Each rep has a lasting attitude; each cycle adds noise and a slow organisation-wide drift.
  const attitude = repAtoms.map(() => random.int(2, 5));
  let answerRows = 0;
  const cycles: { form: 'pulse' | 'trust_check'; month: number }[] = [];
  for (let m = 0; m < PULSES; m++) {
    cycles.push({ form: 'pulse', month: m });
    if (m % 3 === 0 && cycles.filter((c) => c.form === 'trust_check').length < TRUST_CHECKS)
      cycles.push({ form: 'trust_check', month: m });
  }
  for (const { form, month } of cycles) {
    const cycleId = randomUUID();
    const year = 2024 + Math.floor(month / 12);
    const monthText = `${year}-${String((month % 12) + 1).padStart(2, '0')}`;
    const pulseIndex = form === 'pulse' ? pulseCycleIndexOfMonth(monthText) : null;
    await db
      .insertInto('survey_cycles')
      .values({
        id: cycleId,
        organisation_id: organisationId,
        form,
        title: `${form} ${monthText}`,
        pulse_index: pulseIndex,
        with_mirror: 0,
        audience_team_ids: '[]',
        opens_on: `${monthText}-0${form === 'pulse' ? 1 : 2}`,
        closes_on: `${monthText}-1${form === 'pulse' ? 1 : 2}`,
        status: 'closed',
        min_group_size: 5,
        min_comment_group_size: 10,
        breakdown_attributes: JSON.stringify(['team', 'region', 'tenureBand', 'role']),
        created_by: null,
        created_at: now,
      })
      .execute();
    const items = itemsOfForm(form, pulseIndex ?? 0).filter((item) => item.kind !== 'open');
    // One transaction per cycle: without it every multi-row insert commits (and syncs) on its own.
    const responses: SurveyResponsesTable[] = [];
    const answers: SurveyAnswersTable[] = [];
    const drift = Math.round(Math.sin(month / 4));
    repAtoms.forEach((atom, i) => {
      if (random.next() > RESPONSE_RATE) return;
      const id = randomUUID();
      responses.push({
        id,
        cycle_id: cycleId,
        organisation_id: organisationId,
        form: 'sales',
        ...atom,
        client_key_hash: id,
        release_epoch: 1,
      });
      for (const item of items) {
        if (item.kind === 'likert' && random.next() < 0.05) continue; // can't judge
        const level = (attitude[i] as number) + drift;
        const value =
          item.kind === 'nps'
            ? Math.min(10, Math.max(0, level * 2 + random.int(-2, 1)))
            : Math.min(5, Math.max(1, level + random.int(-1, 1)));
        answers.push({ response_id: id, cycle_id: cycleId, item_id: item.id, value, text: null });
      }
    });
    await db.transaction().execute(async (trx) => {
      await insertInChunks((rows) => trx.insertInto('survey_responses').values(rows).execute(), responses, 1000);
      await insertInChunks((rows) => trx.insertInto('survey_answers').values(rows).execute(), answers, 2000);
    });
    answerRows += answers.length;
  }
  return { organisationId, region: 'Region 0', answerRows, cycles: cycles.length };
}

async function rawScan(database: Database, organisationId: string, region?: string) {
  let query = database.db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select(['survey_responses.cycle_id', 'survey_answers.item_id'])
    .select((eb) => [
      eb.fn.count<number>('survey_answers.value').as('n'),
      eb.fn.sum<number>('survey_answers.value').as('total'),
      eb.fn.sum<number>(sql<number>`survey_answers.value * survey_answers.value`).as('squares'),
    ])
    .where('survey_responses.organisation_id', '=', organisationId)
    .where('survey_responses.form', '=', 'sales');
  if (region) query = query.where('survey_responses.region', '=', region);
  return query.groupBy(['survey_responses.cycle_id', 'survey_answers.item_id']).execute();
}

export async function benchDashboard(dialect: DialectName): Promise<BenchRow[]> {
  const scale = readBenchDashboardScale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-dashboard-bench-'));
  const sqliteFile = path.join(dir, 'bench.sqlite');
  const generating = openFor(dialect, sqliteFile);
  await migrateToLatest(generating.db);
  const started = performance.now();
  const { organisationId, region, answerRows, cycles } = await generate(generating, scale);
  const generationSeconds = (performance.now() - started) / 1000;
  const label = `dashboard, ${Math.round(PEOPLE * scale)} people, ${cycles} cycles, ${answerRows} answers${scale < 1 ? ` (scale ${scale})` : ''}`;
  console.log(`${label} on ${dialect}: generated in ${generationSeconds.toFixed(0)} s`);
  const rows: BenchRow[] = [];
  const viewer = { organisationId, role: 'executive' as const, teamId: null };
  try {
    // What the closed-cycle statistics job runs for each cycle, once.
    const closing = depsOf(generating);
    const closedCycles = await generating.db
      .selectFrom('survey_cycles')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .execute();
    const perCycle: number[] = [];
    for (const cycle of closedCycles) perCycle.push(await timeMs(() => storeClosedCycleStatistics(closing, cycle)));
    const storing = perCycle.reduce((sum, ms) => sum + ms, 0) / 1000;
    console.log(
      `${label} on ${dialect}: stored at close in ${storing.toFixed(0)} s (median ${median(perCycle).toFixed(0)} ms per cycle)`,
    );
    for (const [name, query, scanRegion] of [
      ['organisation', {}, undefined],
      ['one region', { region }, region],
    ] as const) {
      const scans: number[] = [];
      for (let i = 0; i < 3; i++) scans.push(await timeMs(() => rawScan(generating, organisationId, scanRegion)));
      const scan = median(scans);
      const fresh = openFor(dialect, sqliteFile);
      const cold = await timeMs(() => getDashboard(depsOf(fresh), viewer, query));
      const warms: number[] = [];
      for (let i = 0; i < 3; i++) warms.push(await timeMs(() => getDashboard(depsOf(fresh), viewer, query)));
      await fresh.close();
      const warm = median(warms);
      const row = (measured: string, ms: number): BenchRow => ({
        benchmark: `${label}: ${name}, ${measured}`,
        database: dialect,
        measured: `${ms.toFixed(0)} ms`,
        baseline: `${scan.toFixed(0)} ms raw GROUP BY over all answers`,
        ratio: (ms / scan).toFixed(3),
      });
      rows.push(row('cold (fresh process memory, cycles stored at close)', cold), row('warm', warm));
    }
  } finally {
    await generating.close();
    if (dialect === 'postgres') {
      // Leave the benchmark database as it was: the organisation's rows go with it.
      const cleanup = openFor(dialect, sqliteFile);
      await cleanup.db.deleteFrom('organisations').where('id', '=', organisationId).execute();
      await cleanup.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
