/**
 * `npm run bench`: every benchmark on SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set,
 * on PostgreSQL. Figures are medians and ratios against a baseline measured in the same run.
 * BENCH_ONLY=dashboard (a comma-separated list of the names below) runs only those benchmarks.
 */
import { readBenchOnly } from '../server/config.js';
import { benchDashboard } from './dashboard.bench.js';
import { benchPeopleImport } from './people-import.bench.js';
import { benchRequests } from './requests.bench.js';
import { benchSlaClock } from './sla-clock.bench.js';
import { type BenchRow, benchDialects, printTable } from './support.js';
import { benchSurveySubmissions } from './survey-submissions.bench.js';

const benches = {
  'people-import': benchPeopleImport,
  requests: benchRequests,
  'survey-submissions': benchSurveySubmissions,
  dashboard: benchDashboard,
} as const;
const only = readBenchOnly();
const unknown = only.filter((name) => name !== 'sla-clock' && !(name in benches));
if (unknown.length > 0) {
  console.error(
    `BENCH_ONLY names unknown benchmarks: ${unknown.join(', ')} (known: ${[...Object.keys(benches), 'sla-clock'].join(', ')})`,
  );
  process.exit(2);
}
const selected = (name: string) => only.length === 0 || only.includes(name);

const rows: BenchRow[] = [];
for (const [name, bench] of Object.entries(benches)) {
  if (!selected(name)) continue;
  for (const dialect of benchDialects) rows.push(...(await bench(dialect)));
}
if (selected('sla-clock')) rows.push(...benchSlaClock());
printTable('Tandem benchmarks (median of 3 runs; ratio = measured / baseline)', rows);
if (benchDialects.length === 1) console.log('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to include it.');
