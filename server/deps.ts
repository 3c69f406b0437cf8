import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Mailer } from './features/mail/mailer.js';

/** Everything a feature needs from outside, passed explicitly to buildApp and on to each feature. */
export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly mailer: Mailer;
}

/** Who is acting, taken from the session by the route and handed to services for scoping and the audit log. */
export interface Actor {
  userId: string;
  organisationId: string;
  organisationName: string;
  ip: string;
}
