/**
 * The organisation's anonymity settings: minimum group size k for scores (3–10, default 5), the minimum
 * for comments (default 10) and the attributes results may be broken down by.
 */
import type { Kysely } from 'kysely';
import type { BreakdownAttribute, PrivacySettings } from '../../../common/api/surveys.js';
import type { Tables } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { staleVersion } from '../../http/etag.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import * as repo from './privacy.repository.js';

export const DEFAULT_PRIVACY = {
  minGroupSize: 5,
  minCommentGroupSize: 10,
  breakdownAttributes: ['team', 'region', 'tenureBand', 'role'] as BreakdownAttribute[],
};

export async function getPrivacySettings(db: Kysely<Tables>, organisationId: string): Promise<PrivacySettings> {
  let row = await repo.findPrivacySettings(db, organisationId);
  if (!row) {
    await repo.insertDefaultPrivacySettings(db, {
      organisation_id: organisationId,
      min_group_size: DEFAULT_PRIVACY.minGroupSize,
      min_comment_group_size: DEFAULT_PRIVACY.minCommentGroupSize,
      breakdown_attributes: JSON.stringify(DEFAULT_PRIVACY.breakdownAttributes),
    });
    row = await repo.findPrivacySettings(db, organisationId);
  }
  if (!row) throw new Error('privacy settings missing after insert');
  return {
    minGroupSize: row.min_group_size,
    minCommentGroupSize: row.min_comment_group_size,
    breakdownAttributes: JSON.parse(row.breakdown_attributes) as BreakdownAttribute[],
    version: row.version,
  };
}

export async function updatePrivacySettings(
  deps: AppDeps,
  actor: Actor,
  expectedVersion: number,
  input: Omit<PrivacySettings, 'version'>,
): Promise<PrivacySettings> {
  const { db } = deps.database;
  const before = await getPrivacySettings(db, actor.organisationId);
  const attributes = [...new Set(input.breakdownAttributes)];
  await db.transaction().execute(async (trx) => {
    const changed = await repo.updatePrivacySettingsIfVersion(trx, actor.organisationId, expectedVersion, {
      min_group_size: input.minGroupSize,
      min_comment_group_size: input.minCommentGroupSize,
      breakdown_attributes: JSON.stringify(attributes),
    });
    if (!changed) throw staleVersion();
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'privacy.settings_changed',
      targetType: 'organisation',
      targetId: actor.organisationId,
      details: { before: { ...before, version: undefined }, after: { ...input, breakdownAttributes: attributes } },
      ip: actor.ip,
    });
  });
  return getPrivacySettings(db, actor.organisationId);
}
