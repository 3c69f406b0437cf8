import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';

export interface AuditRecord {
  organisationId: string;
  actorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function insertAuditEntry(db: Kysely<Tables>, entry: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      organisation_id: entry.organisationId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
      created_at: nowIso(),
    })
    .execute();
}

export async function listAuditEntries(
  db: Kysely<Tables>,
  organisationId: string,
  options: { offset: number; limit: number; action?: string | undefined },
) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .where('audit_log.organisation_id', '=', organisationId);
  if (options.action) query = query.where('audit_log.action', '=', options.action);
  const [rows, total] = await Promise.all([
    query
      .select([
        'audit_log.id',
        'audit_log.created_at',
        'audit_log.action',
        'audit_log.target_type',
        'audit_log.target_id',
        'audit_log.details',
        'audit_log.ip',
        'users.name as actor_name',
      ])
      .orderBy('audit_log.created_at', 'desc')
      .orderBy('audit_log.id')
      .offset(options.offset)
      .limit(options.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
