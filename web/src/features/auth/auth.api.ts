import type { SessionResponse } from '../../../../common/api/contracts';
import { apiRequest, apiSend } from '../../api/client';

export async function signIn(email: string, password: string): Promise<SessionResponse> {
  const { data } = await apiRequest<SessionResponse>('/api/auth/login', {
    method: 'POST',
    body: { email, password },
    quietUnauthenticated: true,
  });
  return data;
}

export const requestPasswordReset = (email: string) =>
  apiSend<{ ok: true }>('POST', '/api/auth/password-reset/request', { email });

export const confirmPasswordReset = (token: string, password: string) =>
  apiSend<{ ok: true }>('POST', '/api/auth/password-reset/confirm', { token, password });

export interface InvitationInfo {
  email: string;
  name: string;
  organisationName: string;
  locale: 'de' | 'en';
}

export const acceptInvitation = (token: string, password: string) =>
  apiSend<SessionResponse>('POST', '/api/auth/invitations/accept', { token, password });
