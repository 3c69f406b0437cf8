/**
 * `npm run bench`: every benchmark on SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set,
 * on PostgreSQL. Figures are medians and ratios against a baseline measured in the same run.
 */
import { benchDashboard } from './dashboard.bench.js';
import { benchPeopleImport } from './people-import.bench.js';
import { benchRequests } from './requests.bench.js';
import { benchSlaClock } from './sla-clock.bench.js';
import { type BenchRow, benchDialects, printTable } from './support.js';
import { benchSurveySubmissions } from './survey-submissions.bench.js';

const rows: BenchRow[] = [];
for (const dialect of benchDialects) rows.push(...(await benchPeopleImport(dialect)));
for (const dialect of benchDialects) rows.push(...(await benchRequests(dialect)));
for (const dialect of benchDialects) rows.push(...(await benchSurveySubmissions(dialect)));
for (const dialect of benchDialects) rows.push(...(await benchDashboard(dialect)));
rows.push(...benchSlaClock());
printTable('Tandem benchmarks (median of 3 runs; ratio = measured / baseline)', rows);
if (benchDialects.length === 1) console.log('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to include it.');
