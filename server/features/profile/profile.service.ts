import type { Locale } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { updateUserProfile } from './profile.repository.js';

/** A person may change their own name and language; role and team are the admin's. */
export async function updateOwnProfile(
  deps: AppDeps,
  userId: string,
  input: { name?: string | undefined; locale?: Locale | undefined },
) {
  await updateUserProfile(deps.database.db, userId, { name: input.name, locale: input.locale, updatedAt: nowIso() });
}
