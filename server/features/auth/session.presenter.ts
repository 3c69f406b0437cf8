import type { SessionResponse } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { findUserWithOrganisation } from './auth.repository.js';

export async function findSessionResponse(
  deps: AppDeps,
  signedIn: { userId: string; csrfToken: string },
): Promise<SessionResponse> {
  const user = await findUserWithOrganisation(deps.database.db, signedIn.userId);
  return {
    user: {
      id: user.id,
      organisationId: user.organisation_id,
      organisationName: user.organisation_name,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      teamId: user.team_id,
    },
    csrfToken: signedIn.csrfToken,
  };
}
