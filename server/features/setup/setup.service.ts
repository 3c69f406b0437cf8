/**
 * First run: on an empty database, create the organisation and its first admin, or load the demo company.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { findUserByEmail } from '../auth/auth.repository.js';
import { createSession, type SignedIn } from '../auth/auth.service.js';
import { DEMO_PASSWORD, demoLogins, seedDemoCompany } from '../demo/demo.service.js';
import { countOrganisations, insertOrganisation, lockFirstRun } from './setup.repository.js';

const alreadySetUp = () => new AppError(409, 'already_set_up', 'Tandem is already set up. Sign in instead.');

export async function needsSetup(deps: AppDeps): Promise<boolean> {
  return (await countOrganisations(deps.database.db)) === 0;
}

/**
 * The first thing both setup paths do inside their write transaction: take the first-run lock, then
 * check that the database is still empty, so that of two simultaneous setups exactly one wins.
 */
async function claimFirstRun(deps: AppDeps, trx: Kysely<Tables>) {
  await lockFirstRun(trx, deps.database.dialect);
  if ((await countOrganisations(trx)) > 0) throw alreadySetUp();
}

export async function setUpOrganisation(
  deps: AppDeps,
  input: { organisationName: string; adminName: string; adminEmail: string; password: string; locale: Locale; ip: string },
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  return deps.database.db.transaction().execute(async (trx) => {
    await claimFirstRun(deps, trx);
    if (await findUserByEmail(trx, input.adminEmail)) throw alreadySetUp();
    const now = nowIso();
    const organisationId = randomUUID();
    const adminId = randomUUID();
    await insertOrganisation(trx, {
      id: organisationId,
      name: input.organisationName,
      default_locale: input.locale,
      created_at: now,
    });
    await trx
      .insertInto('users')
      .values({
        id: adminId,
        organisation_id: organisationId,
        email: input.adminEmail,
        name: input.adminName,
        role: 'admin',
        team_id: null,
        start_date: null,
        locale: input.locale,
        status: 'active',
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertAuditEntry(trx, {
      organisationId,
      actorId: adminId,
      action: 'organisation.set_up',
      targetType: 'organisation',
      targetId: organisationId,
      ip: input.ip,
    });
    return createSession(trx, adminId, organisationId);
  });
}

export async function setUpDemo(deps: AppDeps) {
  // Checked early too, so that a set-up installation answers at once without generating the demo.
  if (!(await needsSetup(deps))) throw alreadySetUp();
  const demo = await seedDemoCompany(deps.database, {}, (trx) => claimFirstRun(deps, trx));
  return { organisationName: demo.organisationName, password: DEMO_PASSWORD, logins: demoLogins(demo) };
}
