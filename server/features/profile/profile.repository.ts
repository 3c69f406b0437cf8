import type { Kysely } from 'kysely';
import type { Locale } from '../../../common/roles.js';
import type { Tables } from '../../db/tables.js';

export async function updateUserProfile(
  db: Kysely<Tables>,
  userId: string,
  change: { name?: string | undefined; locale?: Locale | undefined; updatedAt: string },
) {
  await db
    .updateTable('users')
    .set((eb) => ({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.locale !== undefined ? { locale: change.locale } : {}),
      updated_at: change.updatedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
}
