/**
 * 10,000 people through the CSV import (parse, validate, check against the database, insert in one
 * transaction), next to a raw batched insert of the same rows in the same process.
 */
import { randomUUID } from 'node:crypto';
import type { DialectName } from '../server/db/database.js';
import { nowIso } from '../server/db/database.js';
import type { NewUser } from '../server/db/tables.js';
import { generateDemoCompany } from '../server/features/demo/demo-generator.js';
import { importPeople } from '../server/features/people/people-import.service.js';
import { writeCsv } from '../server/lib/csv.js';
import { type BenchRow, median, openBenchDeps, timeMs } from './support.js';

const PEOPLE = 10_000;
const RUNS = 3;

function generatePeople(runTag: string) {
  const company = generateDemoCompany({
    seed: 'bench-import',
    emailDomain: `bench-${runTag}.tandem.test`,
    salesTeams: 40,
    repsPerTeam: 250,
    marketingTeams: 1,
    executives: 1,
  });
  const teamByKey = new Map(company.teams.map((t) => [t.key, t]));
  return company.people.slice(0, PEOPLE).map((p) => {
    const team = p.teamKey ? teamByKey.get(p.teamKey) : undefined;
    return { ...p, team: team?.name ?? '', region: team?.region ?? '' };
  });
}

export async function benchPeopleImport(dialect: DialectName): Promise<BenchRow[]> {
  const deps = await openBenchDeps(dialect);
  const { db } = deps.database;
  const importTimes: number[] = [];
  const dryRunTimes: number[] = [];
  const rawTimes: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const organisationId = randomUUID();
      await db
        .insertInto('organisations')
        .values({ id: organisationId, name: `Bench ${run}`, default_locale: 'de', created_at: nowIso() })
        .execute();
      const actor = { userId: randomUUID(), organisationId, organisationName: 'Bench', ip: '127.0.0.1' };
      const people = generatePeople(randomUUID().slice(0, 8));
      const csv = writeCsv(
        ['email', 'name', 'role', 'team', 'region', 'start_date'],
        people.map((p) => [p.email, p.name, p.role, p.team, p.region, p.startDate]),
      );
      const options = { invite: false, origin: 'http://localhost' };
      dryRunTimes.push(await timeMs(() => importPeople(deps, actor, csv, { ...options, dryRun: true })));
      let created = 0;
      importTimes.push(
        await timeMs(async () => {
          created = (await importPeople(deps, actor, csv, { ...options, dryRun: false })).created;
        }),
      );
      if (created !== PEOPLE) throw new Error(`import created ${created} of ${PEOPLE}`);

      // Baseline: the same rows, already validated, inserted raw in batches of 500 in one transaction.
      const rawOrganisationId = randomUUID();
      await db
        .insertInto('organisations')
        .values({ id: rawOrganisationId, name: `Raw ${run}`, default_locale: 'de', created_at: nowIso() })
        .execute();
      const rawPeople = generatePeople(randomUUID().slice(0, 8));
      const now = nowIso();
      const rows: NewUser[] = rawPeople.map((p) => ({
        id: randomUUID(),
        organisation_id: rawOrganisationId,
        email: p.email,
        name: p.name,
        role: p.role,
        team_id: null,
        start_date: p.startDate,
        locale: 'de',
        status: 'invited',
        password_hash: null,
        created_at: now,
        updated_at: now,
      }));
      rawTimes.push(
        await timeMs(() =>
          db.transaction().execute(async (trx) => {
            for (let i = 0; i < rows.length; i += 500)
              await trx
                .insertInto('users')
                .values(rows.slice(i, i + 500))
                .execute();
          }),
        ),
      );
    }
  } finally {
    await deps.database.close();
  }
  const raw = median(rawTimes);
  const row = (benchmark: string, times: number[]): BenchRow => ({
    benchmark,
    database: dialect,
    measured: `${median(times).toFixed(0)} ms`,
    baseline: `${raw.toFixed(0)} ms raw insert`,
    ratio: (median(times) / raw).toFixed(2),
  });
  return [row(`import ${PEOPLE} people (apply)`, importTimes), row(`import ${PEOPLE} people (dry run)`, dryRunTimes)];
}
