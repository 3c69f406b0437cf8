import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Mailer } from './features/mail/mailer.js';

/** Everything a feature needs from outside, passed explicitly to buildApp and on to each feature. */
export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly mailer: Mailer;
}
