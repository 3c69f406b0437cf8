/**
 * Runs the migrations. The list is explicit: a new migration is imported and added here.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as foundation from './migrations/001-foundation.js';
import * as idempotencyKeys from './migrations/002-idempotency-keys.js';
import * as requests from './migrations/003-requests.js';
import * as sla from './migrations/004-sla.js';
import * as surveys from './migrations/005-surveys.js';
import * as jobsNotifications from './migrations/006-jobs-notifications.js';
import * as requestRatings from './migrations/007-request-ratings.js';
import * as surveySchedules from './migrations/008-survey-schedules.js';
import * as analyticsStatistics from './migrations/009-analytics-statistics.js';
import * as assetsAttachments from './migrations/010-assets-attachments.js';
import * as requestPerformance from './migrations/011-request-performance.js';
import * as actionPlans from './migrations/012-action-plans.js';
import * as anonymousStorageOrder from './migrations/013-anonymous-storage-order.js';
import * as cycleBreakdowns from './migrations/014-cycle-breakdowns.js';
import * as releaseEpochs from './migrations/015-release-epochs.js';
import * as analyticsEpochs from './migrations/016-analytics-epochs.js';

const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-idempotency-keys': idempotencyKeys,
  '003-requests': requests,
  '004-sla': sla,
  '005-surveys': surveys,
  '006-jobs-notifications': jobsNotifications,
  '007-request-ratings': requestRatings,
  '008-survey-schedules': surveySchedules,
  '009-analytics-statistics': analyticsStatistics,
  '010-assets-attachments': assetsAttachments,
  '011-request-performance': requestPerformance,
  '012-action-plans': actionPlans,
  '013-anonymous-storage-order': anonymousStorageOrder,
  '014-cycle-breakdowns': cycleBreakdowns,
  '015-release-epochs': releaseEpochs,
  '016-analytics-epochs': analyticsEpochs,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// Migrations see the database untyped: they describe history, not the current row types.
// biome-ignore lint/suspicious/noExplicitAny: migrations work on an untyped schema
export async function migrateToLatest(db: Kysely<any>, options: { schema?: string } = {}): Promise<string[]> {
  // Features are built in parallel; a migration merged after a later-numbered one must still run.
  // `schema`: the PostgreSQL schema that the connection's search_path names, when it is not the default
  // (tests that need an empty database); Kysely would otherwise find its bookkeeping tables elsewhere.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true, migrationTableSchema: options.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
