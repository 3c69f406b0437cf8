/**
 * Request types an admin configures. Types are never deleted: requests filed with a type and its SLA
 * policies keep pointing at it. Deactivating only stops the type being offered for new requests, and
 * one active type always remains so that sales can still file something.
 */
import { randomUUID } from 'node:crypto';
import type { RequestTypeCreateBody, RequestTypeSetting, RequestTypeUpdateBody } from '../../../common/api/request-types.js';
import type { Role } from '../../../common/roles.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { can } from '../../policies/access.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { ensureDefaultRequestTypes } from '../requests/requests.service.js';
import * as repo from './request-types.repository.js';

/** Who is acting on request types: scoping, the inactive-type rule and the audit log need these. */
export interface Actor {
  userId: string;
  organisationId: string;
  role: Role;
  ip: string | null;
}

const KEY_MAX = 40;

export function presentRequestType(row: repo.RequestTypeRow): RequestTypeSetting {
  return {
    id: row.id,
    key: row.key,
    nameDe: row.name_de,
    nameEn: row.name_en,
    active: Number(row.active) === 1,
    version: Number(row.version),
  };
}

/**
 * Names compare without regard to case or Unicode composition. Done here rather than with SQL lower(),
 * which folds only ASCII in SQLite ("Über" and "über" would pass as different names there).
 */
const comparable = (name: string) => name.normalize('NFC').toLocaleLowerCase('de-DE');

/**
 * A readable, stable key from the English name ("Trade fair booth" → trade_fair_booth), with a number
 * appended when an existing type (also a built-in or a renamed one) holds it already.
 */
export function deriveRequestTypeKey(nameEn: string, taken: ReadonlySet<string>): string {
  const base =
    nameEn
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .slice(0, KEY_MAX)
      .replace(/^_+|_+$/g, '') || 'type';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function nameTaken(field: 'nameDe' | 'nameEn') {
  const language = field === 'nameDe' ? 'German' : 'English';
  return new AppError(409, 'name_taken', `Another request type already has this ${language} name.`, { field });
}

/** Refuses a name (per language, ignoring case) that another type of the organisation already has. */
function checkNamesFree(
  others: readonly repo.RequestTypeRow[],
  names: { nameDe?: string | undefined; nameEn?: string | undefined },
): void {
  if (names.nameDe !== undefined) {
    const wanted = comparable(names.nameDe);
    if (others.some((type) => comparable(type.name_de) === wanted)) throw nameTaken('nameDe');
  }
  if (names.nameEn !== undefined) {
    const wanted = comparable(names.nameEn);
    if (others.some((type) => comparable(type.name_en) === wanted)) throw nameTaken('nameEn');
  }
}

/** Active types for everyone; those who see every request may also ask for the deactivated ones. */
export async function listRequestTypeSettings(
  deps: AppDeps,
  viewer: { organisationId: string; role: Role },
  includeInactive: boolean,
): Promise<RequestTypeSetting[]> {
  if (includeInactive && !can(viewer.role, 'requests.read_all')) throw forbidden();
  const { db } = deps.database;
  await ensureDefaultRequestTypes(db, viewer.organisationId);
  return (await repo.listRequestTypes(db, viewer.organisationId, { includeInactive })).map(presentRequestType);
}

/**
 * Now, or a millisecond after the newest of `times` if that is not earlier: types are listed oldest
 * first, and an added type must come after the built-in ones even when they were seeded in the same
 * millisecond. Runs under the organisation's lock, so no other type is added meanwhile.
 */
function laterThanEvery(times: readonly string[]): string {
  const newest = Math.max(0, ...times.map((time) => Date.parse(time)));
  return new Date(Math.max(Date.now(), newest + 1)).toISOString();
}

export async function createRequestType(deps: AppDeps, actor: Actor, input: RequestTypeCreateBody): Promise<RequestTypeSetting> {
  const { db } = deps.database;
  const nameDe = input.nameDe.trim();
  const nameEn = input.nameEn.trim();
  // The built-in types first, so that an added type can never take one of their keys.
  await ensureDefaultRequestTypes(db, actor.organisationId);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await repo.lockRequestTypesOf(trx, actor.organisationId);
    const existing = await repo.listRequestTypes(trx, actor.organisationId, { includeInactive: true });
    checkNamesFree(existing, { nameDe, nameEn });
    const key = deriveRequestTypeKey(nameEn, new Set(existing.map((type) => type.key)));
    await repo.insertRequestType(trx, {
      id,
      organisation_id: actor.organisationId,
      key,
      name_de: nameDe,
      name_en: nameEn,
      active: 1,
      created_at: laterThanEvery(existing.map((type) => type.created_at)),
    });
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'request_type.created',
      targetType: 'request_type',
      targetId: id,
      details: { key, nameDe, nameEn },
      ip: actor.ip,
    });
  });
  return getRequestType(deps, actor.organisationId, id);
}

async function getRequestType(deps: AppDeps, organisationId: string, typeId: string): Promise<RequestTypeSetting> {
  const row = await repo.findRequestTypeById(deps.database.db, organisationId, typeId);
  if (!row) throw notFound('Request type');
  return presentRequestType(row);
}

/** Deactivating and reactivating get their own audit action, so the log reads without opening details. */
function auditActionOf(activeNow: boolean | undefined): string {
  if (activeNow === undefined) return 'request_type.updated';
  return activeNow ? 'request_type.reactivated' : 'request_type.deactivated';
}

/**
 * Renames, deactivates or reactivates a type (If-Match: the version last read). Requests already filed
 * keep the type and their SLA targets; a deactivated type is refused for new requests.
 */
export async function updateRequestType(
  deps: AppDeps,
  actor: Actor,
  typeId: string,
  expectedVersion: number,
  input: RequestTypeUpdateBody,
): Promise<RequestTypeSetting> {
  const { db } = deps.database;
  await db.transaction().execute(async (trx) => {
    await repo.lockRequestTypesOf(trx, actor.organisationId);
    const current = await repo.findRequestTypeById(trx, actor.organisationId, typeId);
    if (!current) throw notFound('Request type');
    if (Number(current.version) !== expectedVersion) throw staleVersion();

    const wasActive = Number(current.active) === 1;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const nameDe = input.nameDe?.trim();
    const nameEn = input.nameEn?.trim();
    if (nameDe !== undefined && nameDe !== current.name_de) changes.nameDe = { from: current.name_de, to: nameDe };
    if (nameEn !== undefined && nameEn !== current.name_en) changes.nameEn = { from: current.name_en, to: nameEn };
    if (input.active !== undefined && input.active !== wasActive) changes.active = { from: wasActive, to: input.active };
    // Sending what is already stored changes nothing: no new version, no audit entry.
    if (Object.keys(changes).length === 0) return;

    const all = await repo.listRequestTypes(trx, actor.organisationId, { includeInactive: true });
    checkNamesFree(
      all.filter((type) => type.id !== typeId),
      { nameDe: changes.nameDe ? nameDe : undefined, nameEn: changes.nameEn ? nameEn : undefined },
    );
    if (input.active === false && wasActive && all.filter((type) => Number(type.active) === 1).length <= 1) {
      throw new AppError(
        409,
        'last_active_request_type',
        'This is the only active request type. Activate or add another type before deactivating it.',
      );
    }
    const updated = await repo.updateRequestTypeIfVersion(trx, actor.organisationId, typeId, expectedVersion, {
      ...(changes.nameDe ? { name_de: nameDe } : {}),
      ...(changes.nameEn ? { name_en: nameEn } : {}),
      ...(changes.active ? { active: input.active ? 1 : 0 } : {}),
    });
    if (!updated) throw staleVersion();
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: auditActionOf(changes.active ? input.active : undefined),
      targetType: 'request_type',
      targetId: typeId,
      details: { key: current.key, ...changes },
      ip: actor.ip,
    });
  });
  return getRequestType(deps, actor.organisationId, typeId);
}
