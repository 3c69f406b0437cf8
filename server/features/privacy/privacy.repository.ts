import type { Kysely } from 'kysely';
import type { PrivacySettingsTable, Tables } from '../../db/tables.js';

export function findPrivacySettings(db: Kysely<Tables>, organisationId: string) {
  return db.selectFrom('privacy_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

/** Creates the row with defaults when missing; concurrent first reads both succeed. */
export async function insertDefaultPrivacySettings(db: Kysely<Tables>, row: Omit<PrivacySettingsTable, 'version'>) {
  await db
    .insertInto('privacy_settings')
    .values(row)
    .onConflict((oc) => oc.column('organisation_id').doNothing())
    .execute();
}

export async function updatePrivacySettingsIfVersion(
  db: Kysely<Tables>,
  organisationId: string,
  expectedVersion: number,
  change: Pick<PrivacySettingsTable, 'min_group_size' | 'min_comment_group_size' | 'breakdown_attributes'>,
): Promise<boolean> {
  const result = await db
    .updateTable('privacy_settings')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
