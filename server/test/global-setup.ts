/**
 * Runs once per test run: brings the PostgreSQL test database to the latest schema, or says clearly
 * that the PostgreSQL half of the dialect matrix is skipped.
 */
import { readTestDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export default async function setup() {
  const url = readTestDatabaseUrl();
  if (!url) {
    console.warn('\n*** TEST_DATABASE_URL is not set: PostgreSQL tests are SKIPPED; only SQLite runs. ***\n');
    return;
  }
  const database = openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await migrateToLatest(database.db);
    console.log(`\nPostgreSQL tests run against ${url.replace(/\/\/[^@]*@/, '//')}\n`);
  } finally {
    await database.close();
  }
}
