/**
 * Loads the demo company (see demo-generator.ts) into an empty database: the first-run "demo" button
 * and `npm run demo` both end here. Whether the database is empty is the caller's check.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../common/roles.js';
import { type Database, nowIso } from '../../db/database.js';
import { hashPassword } from '../../lib/passwords.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { insertAccountRows, insertOrganisationRow, insertTeamRows, insertUserRows } from './demo.repository.js';
import { type DemoGeneratorOptions, type DemoLogin, generateDemoCompany } from './demo-generator.js';

export const DEMO_PASSWORD = 'tandem-demo';

export interface DemoCompany {
  organisationId: string;
  organisationName: string;
  logins: DemoLogin[];
  /** Figures for messages and tests. */
  counts: { teams: number; people: number; accounts: number };
}

/**
 * Writes the generated company in one transaction. Options go to the generator; tests pass their own
 * `emailDomain`, because e-mail addresses are unique across the whole database.
 */
export async function seedDemoCompany(database: Database, options: DemoGeneratorOptions = {}): Promise<DemoCompany> {
  const company = generateDemoCompany({ asOf: nowIso().slice(0, 10), ...options });
  // argon2id is deliberately slow: one hash serves every demo person.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = nowIso();
  const organisationId = randomUUID();
  const teamIds = new Map(company.teams.map((team) => [team.key, randomUUID()]));
  const personIds = new Map(company.people.map((person) => [person.key, randomUUID()]));
  const idOf = (ids: Map<string, string>, key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`demo data refers to an unknown key ${key}`);
    return id;
  };

  await database.db.transaction().execute(async (trx) => {
    await insertOrganisationRow(trx, {
      id: organisationId,
      name: company.organisation.name,
      default_locale: company.organisation.defaultLocale,
      created_at: now,
    });
    await insertTeamRows(
      trx,
      company.teams.map((team) => ({
        id: idOf(teamIds, team.key),
        organisation_id: organisationId,
        name: team.name,
        kind: team.kind,
        region: team.region,
        created_at: now,
      })),
    );
    await insertUserRows(
      trx,
      company.people.map((person) => ({
        id: idOf(personIds, person.key),
        organisation_id: organisationId,
        email: person.email,
        name: person.name,
        role: person.role,
        team_id: person.teamKey ? idOf(teamIds, person.teamKey) : null,
        start_date: person.startDate,
        locale: person.locale,
        status: 'active' as const,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })),
    );
    await insertAccountRows(
      trx,
      company.accounts.map((account) => ({
        id: randomUUID(),
        organisation_id: organisationId,
        name: account.name,
        owner_id: idOf(personIds, account.ownerKey),
        tier: account.tier,
        annual_potential: account.annualPotential,
        created_at: now,
        updated_at: now,
      })),
    );
    await insertAuditEntry(trx, {
      organisationId,
      actorId: null,
      action: 'organisation.demo_loaded',
      targetType: 'organisation',
      targetId: organisationId,
      details: { people: company.people.length, accounts: company.accounts.length },
    });
  });

  return {
    organisationId,
    organisationName: company.organisation.name,
    logins: company.logins,
    counts: { teams: company.teams.length, people: company.people.length, accounts: company.accounts.length },
  };
}

export function demoLogins(demo: DemoCompany): { role: Role; email: string; name: string }[] {
  return demo.logins.map(({ role, email, name }) => ({ role, email, name }));
}
