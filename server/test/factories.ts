/**
 * Factories: every test builds its own organisation and people, so tests never share rows.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestStatus, RequestTypeKey } from '../../common/api/contracts.js';
import type { AccountTier, Locale, PersonStatus, Role, TeamKind } from '../../common/roles.js';
import { nowIso } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { createSession } from '../features/auth/auth.service.js';
import { allocateRequestNumber } from '../features/requests/requests.repository.js';
import { ensureDefaultRequestTypes } from '../features/requests/requests.service.js';
import { hashPassword } from '../lib/passwords.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;
/** argon2id is deliberately slow; one hash serves every factory-made person. */
function passwordHash() {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return testPasswordHash;
}

export function uniqueEmail(prefix = 'person') {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.test`;
}

export async function createOrganisation(db: Kysely<Tables>, name = `Org ${randomUUID().slice(0, 8)}`) {
  const id = randomUUID();
  await db.insertInto('organisations').values({ id, name, default_locale: 'de', created_at: nowIso() }).execute();
  return { id, name };
}

export async function createTeam(
  db: Kysely<Tables>,
  organisationId: string,
  overrides: { name?: string; kind?: TeamKind; region?: string } = {},
) {
  const id = randomUUID();
  const row = {
    id,
    organisation_id: organisationId,
    name: overrides.name ?? `Team ${id.slice(0, 8)}`,
    kind: overrides.kind ?? ('sales' as const),
    region: overrides.region ?? 'Süd',
    created_at: nowIso(),
  };
  await db.insertInto('teams').values(row).execute();
  return { id, name: row.name, kind: row.kind, region: row.region };
}

export interface TestUser {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: Role;
}

export async function createUser(
  db: Kysely<Tables>,
  organisationId: string,
  overrides: { role?: Role; email?: string; name?: string; teamId?: string | null; status?: PersonStatus; locale?: Locale } = {},
): Promise<TestUser> {
  const id = randomUUID();
  const now = nowIso();
  const role = overrides.role ?? 'sales_rep';
  const email = overrides.email ?? uniqueEmail(role);
  const name = overrides.name ?? `Test ${role} ${id.slice(0, 4)}`;
  await db
    .insertInto('users')
    .values({
      id,
      organisation_id: organisationId,
      email,
      name,
      role,
      team_id: overrides.teamId ?? null,
      start_date: null,
      locale: overrides.locale ?? 'de',
      status: overrides.status ?? 'active',
      password_hash: await passwordHash(),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, organisationId, email, name, role };
}

export async function createAccount(
  db: Kysely<Tables>,
  organisationId: string,
  overrides: { name?: string; ownerId?: string | null; tier?: AccountTier; annualPotential?: number } = {},
) {
  const id = randomUUID();
  const now = nowIso();
  await db
    .insertInto('accounts')
    .values({
      id,
      organisation_id: organisationId,
      name: overrides.name ?? `Account ${id.slice(0, 8)}`,
      owner_id: overrides.ownerId ?? null,
      tier: overrides.tier ?? 'B',
      annual_potential: overrides.annualPotential ?? 100_000,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id };
}

/** A signed-in client: every request carries the session cookie and, for writes, the CSRF token. */
export interface Client {
  user: TestUser;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signedInClient(
  app: FastifyInstance,
  db: Kysely<Tables>,
  user: TestUser,
  cookieName = 'tandem_session',
): Promise<Client> {
  const session = await createSession(db, user.id, user.organisationId);
  return {
    user,
    inject(options) {
      return app.inject({
        ...options,
        headers: {
          ...(options.headers ?? {}),
          cookie: `${cookieName}=${session.sessionToken}`,
          'x-csrf-token': session.csrfToken,
        },
      });
    },
  };
}

/** An organisation with one active person per role, each signed in. */
export async function createOrganisationWithRoles(app: FastifyInstance, db: Kysely<Tables>) {
  const organisation = await createOrganisation(db);
  const team = await createTeam(db, organisation.id);
  const roles: Role[] = ['admin', 'executive', 'marketing_lead', 'marketer', 'sales_lead', 'sales_rep'];
  const clients = {} as Record<Role, Client>;
  for (const role of roles) {
    const user = await createUser(db, organisation.id, { role, teamId: role.startsWith('sales') ? team.id : null });
    clients[role] = await signedInClient(app, db, user);
  }
  return { organisation, team, clients };
}

/** A request filed by `requesterId` (of the given team), numbered like a real filing. */
export async function createRequest(
  db: Kysely<Tables>,
  organisationId: string,
  overrides: {
    requesterId: string;
    teamId?: string | null;
    title?: string;
    status?: RequestStatus;
    assigneeId?: string | null;
    typeKey?: RequestTypeKey;
  },
) {
  await ensureDefaultRequestTypes(db, organisationId);
  const type = await db
    .selectFrom('request_types')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('key', '=', overrides.typeKey ?? 'collateral')
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  const now = nowIso();
  const number = await db.transaction().execute(async (trx) => {
    const allocated = await allocateRequestNumber(trx, organisationId);
    await trx
      .insertInto('requests')
      .values({
        id,
        organisation_id: organisationId,
        number: allocated,
        type_id: type.id,
        title: overrides.title ?? `Request ${id.slice(0, 8)}`,
        description: '',
        account_id: null,
        due_on: null,
        priority: 'normal',
        status: overrides.status ?? 'new',
        decline_reason: null,
        requester_id: overrides.requesterId,
        team_id: overrides.teamId ?? null,
        assignee_id: overrides.assigneeId ?? null,
        created_at: now,
        updated_at: now,
        first_response_at: null,
        delivered_at: null,
        closed_at: null,
      })
      .execute();
    return allocated;
  });
  return { id, number, typeId: type.id };
}
