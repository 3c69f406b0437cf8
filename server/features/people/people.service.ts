/**
 * People of an organisation: listing, creating (with an invitation), editing, deactivating, and the CSV export.
 * The organisation always keeps at least one active admin, so that nobody can lock it out of its settings.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Page, Person, PersonCreateBody, PersonUpdateBody } from '../../../common/api/contracts.js';
import type { PersonStatus, Role } from '../../../common/roles.js';
import { type DialectName, nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { type CsvSeparator, writeCsv } from '../../lib/csv.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { deleteSessionsOfUser, invalidateOpenTokens } from '../auth/auth.repository.js';
import { sendInvitation } from '../auth/auth.service.js';
import * as repo from './people.repository.js';

/** Who is acting, taken from the session: every query is scoped to this organisation. */
export function presentPerson(row: repo.PersonRow): Person {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    teamId: row.team_id,
    teamName: row.team_name,
    region: row.team_region,
    startDate: row.start_date,
    status: row.status,
    locale: row.locale,
    version: row.version,
  };
}

export const emailTaken = () => new AppError(409, 'email_taken', 'A person with this e-mail address already exists.');
const unknownTeam = () => new AppError(400, 'validation_failed', 'The team does not exist in this organisation.');
const lastAdmin = () =>
  new AppError(
    409,
    'conflict',
    'This is the last active admin of the organisation. Make someone else an admin first, so that the organisation keeps one.',
  );

export async function listPeople(
  deps: AppDeps,
  organisationId: string,
  query: repo.PersonFilter & { page: number; pageSize: number },
): Promise<Page<Person>> {
  const { rows, total } = await repo.listPeople(deps.database.db, organisationId, {
    q: query.q,
    role: query.role,
    teamId: query.teamId,
    status: query.status,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: rows.map(presentPerson), total, page: query.page, pageSize: query.pageSize };
}

export async function getPerson(deps: AppDeps, organisationId: string, personId: string): Promise<Person> {
  return presentPerson(await findPersonOrThrow(deps.database.db, organisationId, personId));
}

async function findPersonOrThrow(db: Kysely<Tables>, organisationId: string, personId: string) {
  const row = await repo.findPersonById(db, organisationId, personId);
  if (!row) throw notFound('Person');
  return row;
}

export async function createPerson(deps: AppDeps, actor: Actor, input: PersonCreateBody, origin: string): Promise<Person> {
  const { db } = deps.database;
  if (input.teamId && !(await repo.findTeamOfOrganisation(db, actor.organisationId, input.teamId))) throw unknownTeam();
  if (await repo.emailExists(db, input.email)) throw emailTaken();
  const id = randomUUID();
  const now = nowIso();
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertPerson(trx, {
        id,
        organisation_id: actor.organisationId,
        email: input.email,
        name: input.name,
        role: input.role,
        team_id: input.teamId,
        start_date: input.startDate,
        locale: input.locale,
        status: 'invited',
        password_hash: null,
        created_at: now,
        updated_at: now,
      });
      await insertAuditEntry(trx, {
        organisationId: actor.organisationId,
        actorId: actor.userId,
        action: 'person.created',
        targetType: 'user',
        targetId: id,
        details: { role: input.role },
        ip: actor.ip,
      });
    });
  } catch (error) {
    // Two admins adding the same address at once: the unique index decides, and the loser gets a clear 409.
    if (await repo.emailExists(db, input.email)) throw emailTaken();
    throw error;
  }
  if (input.sendInvitation) {
    // After the commit: with SMTP the mail leaves at once, and must not announce a person that was rolled back.
    await sendInvitation(
      deps,
      db,
      { id, organisationId: actor.organisationId, email: input.email, name: input.name, locale: input.locale },
      actor.organisationName,
      origin,
    );
  }
  return getPerson(deps, actor.organisationId, id);
}

export async function updatePerson(
  deps: AppDeps,
  actor: Actor,
  personId: string,
  expectedVersion: number,
  change: PersonUpdateBody,
): Promise<Person> {
  const { db } = deps.database;
  const current = await findPersonOrThrow(db, actor.organisationId, personId);
  if (change.teamId && !(await repo.findTeamOfOrganisation(db, actor.organisationId, change.teamId))) throw unknownTeam();
  const roleChanges = change.role !== undefined && change.role !== current.role;
  await db.transaction().execute(async (trx) => {
    if (roleChanges && current.role === 'admin' && current.status === 'active') {
      await ensureAnotherActiveAdmin(trx, deps.database.dialect, actor.organisationId, personId);
    }
    const updated = await repo.updatePersonIfVersion(trx, actor.organisationId, personId, expectedVersion, {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.teamId !== undefined ? { team_id: change.teamId } : {}),
      ...(change.startDate !== undefined ? { start_date: change.startDate } : {}),
      ...(change.locale !== undefined ? { locale: change.locale } : {}),
    });
    if (!updated) throw staleVersion();
    if (roleChanges) {
      await insertAuditEntry(trx, {
        organisationId: actor.organisationId,
        actorId: actor.userId,
        action: 'person.role_changed',
        targetType: 'user',
        targetId: personId,
        details: { from: current.role, to: change.role as Role },
        ip: actor.ip,
      });
    }
  });
  return getPerson(deps, actor.organisationId, personId);
}

/**
 * Called inside the transaction, before an active admin stops being one: refuses when nobody else would be
 * left. The admins stay locked until the change commits, so two such changes at once cannot both pass.
 */
async function ensureAnotherActiveAdmin(trx: Kysely<Tables>, dialect: DialectName, organisationId: string, adminId: string) {
  const admins = await repo.lockActiveAdminIds(trx, dialect, organisationId);
  if (!admins.some((id) => id !== adminId)) throw lastAdmin();
}

export async function deactivatePerson(deps: AppDeps, actor: Actor, personId: string): Promise<Person> {
  const { db } = deps.database;
  const current = await findPersonOrThrow(db, actor.organisationId, personId);
  if (current.status === 'deactivated') return presentPerson(current);
  await db.transaction().execute(async (trx) => {
    if (current.role === 'admin' && current.status === 'active')
      await ensureAnotherActiveAdmin(trx, deps.database.dialect, actor.organisationId, personId);
    await repo.setPersonStatus(trx, actor.organisationId, personId, 'deactivated');
    // In the same transaction: the person's open sessions and invitation links stop working at once.
    await deleteSessionsOfUser(trx, personId);
    await invalidateOpenTokens(trx, personId, 'invitation', nowIso());
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'person.deactivated',
      targetType: 'user',
      targetId: personId,
      ip: actor.ip,
    });
  });
  return getPerson(deps, actor.organisationId, personId);
}

export async function reactivatePerson(deps: AppDeps, actor: Actor, personId: string): Promise<Person> {
  const { db } = deps.database;
  const current = await findPersonOrThrow(db, actor.organisationId, personId);
  if (current.status !== 'deactivated') return presentPerson(current);
  const status: PersonStatus = (await repo.personHasPassword(db, actor.organisationId, personId)) ? 'active' : 'invited';
  await db.transaction().execute(async (trx) => {
    await repo.setPersonStatus(trx, actor.organisationId, personId, status);
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'person.reactivated',
      targetType: 'user',
      targetId: personId,
      details: { status },
      ip: actor.ip,
    });
  });
  return getPerson(deps, actor.organisationId, personId);
}

/** A new invitation link for someone who has not accepted yet; earlier links stop working. */
export async function resendInvitation(deps: AppDeps, actor: Actor, personId: string, origin: string): Promise<Person> {
  const { db } = deps.database;
  const current = await findPersonOrThrow(db, actor.organisationId, personId);
  if (current.status === 'active') {
    throw new AppError(409, 'conflict', 'This person has already accepted the invitation and can sign in.');
  }
  if (current.status === 'deactivated') {
    throw new AppError(409, 'conflict', 'This person is deactivated. Reactivate them before inviting them again.');
  }
  await sendInvitation(
    deps,
    db,
    { id: current.id, organisationId: actor.organisationId, email: current.email, name: current.name, locale: current.locale },
    actor.organisationName,
    origin,
  );
  await insertAuditEntry(db, {
    organisationId: actor.organisationId,
    actorId: actor.userId,
    action: 'person.invited',
    targetType: 'user',
    targetId: personId,
    ip: actor.ip,
  });
  return presentPerson(current);
}

export const PEOPLE_CSV_HEADER = ['email', 'name', 'role', 'team', 'region', 'start_date', 'status'];

export async function exportPeopleCsv(deps: AppDeps, organisationId: string, separator: CsvSeparator): Promise<string> {
  const rows = await repo.listAllPeople(deps.database.db, organisationId);
  return writeCsv(
    PEOPLE_CSV_HEADER,
    rows.map((row) => [row.email, row.name, row.role, row.team_name, row.team_region, row.start_date, row.status]),
    separator,
  );
}
