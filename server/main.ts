/**
 * Boot: configuration, database, migrations, app, listen, graceful shutdown.
 */
import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { closedCycleStatisticsJob } from './features/jobs/closed-cycle-statistics.job.js';
import { idempotencyPurgeJob } from './features/jobs/idempotency-purge.job.js';
import { createJobRunner } from './features/jobs/job-runner.js';
import { mailRetryJob } from './features/jobs/mail-retry.job.js';
import { orphanedFilesJob } from './features/jobs/orphaned-files.job.js';
import { scheduledCyclesJob } from './features/jobs/scheduled-cycles.job.js';
import { slaCheckJob } from './features/jobs/sla-check.job.js';
import { surveyCloseJob } from './features/jobs/survey-close.job.js';
import { surveyScheduleJob } from './features/jobs/survey-schedule.job.js';
import { createMailer } from './features/mail/mailer.js';
import { findPackageRoot, readPackageVersion } from './version.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, readPackageVersion());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'tandem.sqlite'),
  });
  await migrateToLatest(database.db);
  const mailer = createMailer(config.smtpUrl);
  const webRoot = path.join(findPackageRoot(), 'dist', 'web');
  const deps = { config, database, mailer };
  const app = await buildApp(deps, { webRoot, logger: true });
  // Started here and not in buildApp: tests build apps without background work.
  const jobs = createJobRunner(
    database.db,
    [
      slaCheckJob(deps),
      surveyScheduleJob(deps),
      scheduledCyclesJob(deps),
      surveyCloseJob(deps),
      orphanedFilesJob(deps),
      mailRetryJob(deps),
      idempotencyPurgeJob(deps),
      closedCycleStatisticsJob(deps),
    ],
    { logger: app.log.child({ component: 'jobs' }) },
  );

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify stops accepting connections, answers 503 to new requests on open ones, and waits for in-flight ones.
    await app.close();
    // A running job still needs the database and the mailer.
    await jobs.stop();
    mailer.close();
    await database.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  jobs.start();
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  app.log.info(
    `Tandem is running at ${config.publicUrl ?? `http://${shownHost}:${config.port}`} (database: ${database.dialect})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
