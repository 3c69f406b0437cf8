/**
 * Every flow runs once in German and once in English, alternating the databases: German on the first
 * (SQLite), English on the second when PostgreSQL is configured, so both languages and both databases
 * are covered without running every flow four times.
 */
import de from '../../../web/src/i18n/de.json' with { type: 'json' };
import en from '../../../web/src/i18n/en.json' with { type: 'json' };
import { e2eDatabases } from './server.js';

const languages = [
  { language: 'de', locale: 'de-DE', t: de },
  { language: 'en', locale: 'en-GB', t: en },
] as const;

export const languageRuns = languages.map((entry, index) => ({
  ...entry,
  database: e2eDatabases[index % e2eDatabases.length] ?? 'sqlite',
}));
