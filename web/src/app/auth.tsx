/**
 * The signed-in person, the CSRF token in memory, and whether Tandem still needs its first setup.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { SessionResponse, SessionUser } from '../../../common/api/contracts';
import type { Locale } from '../../../common/roles';
import { ApiError, apiRequest, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import { queryClient } from '../api/query-client';
import { applyLanguage } from '../i18n';

interface AuthState {
  /** null while the first answers are pending. */
  ready: boolean;
  needsSetup: boolean;
  user: SessionUser | null;
  /** Set when the server could not be reached at start, so the app can offer a retry. */
  startError: ApiError | null;
}

interface AuthContextValue extends AuthState {
  acceptSession: (session: SessionResponse) => void;
  signOut: () => Promise<void>;
  setNeedsSetup: (value: boolean) => void;
  retryStart: () => void;
  /** Saves the language to the profile when signed in; the switch works either way. */
  changeLanguage: (locale: Locale) => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

async function loadStart(): Promise<{ needsSetup: boolean; session: SessionResponse | null }> {
  const [setup, session] = await Promise.all([
    apiRequest<{ needsSetup: boolean }>('/api/setup'),
    apiRequest<SessionResponse>('/api/auth/session', { quietUnauthenticated: true }).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }),
  ]);
  return { needsSetup: setup.data.needsSetup, session: session?.data ?? null };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ ready: false, needsSetup: false, user: null, startError: null });
  const [attempt, setAttempt] = useState(0);

  const acceptSession = useCallback((session: SessionResponse) => {
    setCsrfToken(session.csrfToken);
    void applyLanguage(session.user.locale);
    setState((previous) => ({ ...previous, ready: true, needsSetup: false, user: session.user }));
  }, []);

  const forgetSession = useCallback(() => {
    setCsrfToken(null);
    queryClient.clear();
    setState((previous) => ({ ...previous, user: null }));
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(forgetSession);
    return () => setUnauthenticatedHandler(null);
  }, [forgetSession]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the start on retry
  useEffect(() => {
    let cancelled = false;
    loadStart().then(
      ({ needsSetup, session }) => {
        if (cancelled) return;
        if (session) {
          setCsrfToken(session.csrfToken);
          void applyLanguage(session.user.locale);
        }
        setState({ ready: true, needsSetup, user: session?.user ?? null, startError: null });
      },
      (error: unknown) => {
        if (cancelled) return;
        const startError = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
        setState({ ready: true, needsSetup: false, user: null, startError });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const signOut = useCallback(async () => {
    try {
      await apiRequest('/api/auth/logout', { method: 'POST', quietUnauthenticated: true });
    } finally {
      forgetSession();
    }
  }, [forgetSession]);

  const setNeedsSetup = useCallback((value: boolean) => setState((previous) => ({ ...previous, needsSetup: value })), []);
  const retryStart = useCallback(() => {
    setState((previous) => ({ ...previous, ready: false, startError: null }));
    setAttempt((n) => n + 1);
  }, []);

  const changeLanguage = useCallback(
    async (locale: Locale) => {
      await applyLanguage(locale, true);
      if (state.user && state.user.locale !== locale) {
        const { data } = await apiRequest<SessionResponse>('/api/profile', { method: 'PATCH', body: { locale } });
        acceptSession(data);
      }
    },
    [state.user, acceptSession],
  );

  const value = useMemo<AuthContextValue>(
    () => ({ ...state, acceptSession, signOut, setNeedsSetup, retryStart, changeLanguage }),
    [state, acceptSession, signOut, setNeedsSetup, retryStart, changeLanguage],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in person; only for pages inside the signed-in shell. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in person');
  return user;
}
