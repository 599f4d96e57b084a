import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ApiClient, type ApiError, createApiClient, type Me } from '../api';
import type { AppConfig } from '../config';
import type { Role } from '../roles';
import { CognitoClient, CognitoError, type SignInResult } from './cognito';
import { loadStoredSession, type Session, sessionFromTokens, storeSession } from './session';

export type AuthStatus = 'loading' | 'signed-out' | 'signed-in';

/** Why the last session ended, so the sign-in page can say so. */
export type SessionEnd = 'signed-out' | 'expired';

export interface SignedInUser {
  sub: string;
  email: string;
  name?: string;
}

export interface AuthValue {
  config: AppConfig;
  status: AuthStatus;
  user?: SignedInUser;
  /** The service's view of the person (roles and organisations); undefined until loaded. */
  me?: Me;
  /** Set when /me could not be loaded; the person is still signed in. */
  meError?: ApiError | Error;
  sessionEnd?: SessionEnd;
  cognito: CognitoClient;
  api: ApiClient;
  /** Signs in with email and password. Throws CognitoError; returns a challenge if Cognito asks for one. */
  signIn(email: string, password: string): Promise<SignInResult>;
  /** Ends the session everywhere (best effort) and always here. */
  signOut(): Promise<void>;
  changePassword(previousPassword: string, proposedPassword: string): Promise<void>;
  reloadMe(): Promise<void>;
  getAccessToken(forceRefresh?: boolean): Promise<string | undefined>;
  hasAnyRole(roles: readonly Role[]): boolean;
}

const AuthContext = createContext<AuthValue | undefined>(undefined);

/** Refresh this long before the access token expires (tokens last 15 minutes). */
const REFRESH_MARGIN_MS = 2 * 60 * 1000;
/** A token closer than this to expiry is refreshed before it is sent. */
const MIN_VALIDITY_MS = 30 * 1000;
const RETRY_AFTER_NETWORK_FAILURE_MS = 30 * 1000;
const SIGN_OUT_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function AuthProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const cognito = useMemo(
    () => new CognitoClient(config.cognito.endpoint, config.cognito.clientId),
    [config],
  );
  const sessionRef = useRef<Session | undefined>(undefined);
  const refreshing = useRef<Promise<Session | undefined> | undefined>(undefined);
  const [session, setSessionState] = useState<Session | undefined>(undefined);
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [meError, setMeError] = useState<ApiError | Error | undefined>(undefined);
  const [sessionEnd, setSessionEnd] = useState<SessionEnd | undefined>(undefined);

  const setSession = useCallback((next: Session | undefined) => {
    sessionRef.current = next;
    storeSession(next);
    setSessionState(next);
  }, []);

  const endSession = useCallback(
    (reason: SessionEnd) => {
      setSession(undefined);
      setMe(undefined);
      setMeError(undefined);
      setSessionEnd(reason);
      setStatus('signed-out');
    },
    [setSession],
  );

  const refreshNow = useCallback((): Promise<Session | undefined> => {
    if (refreshing.current) return refreshing.current;
    const current = sessionRef.current;
    if (!current) return Promise.resolve(undefined);
    const run = (async () => {
      try {
        const tokens = await cognito.refresh(current.refreshToken);
        // Cognito keeps the refresh token unless rotation is on, in which case it sends a new one.
        const next = sessionFromTokens(
          tokens,
          tokens.refreshToken ?? current.refreshToken,
          Date.now(),
          current.email,
        );
        if (sessionRef.current?.refreshToken === current.refreshToken) setSession(next);
        return next;
      } catch (error) {
        const rejected =
          error instanceof CognitoError && !error.is('NetworkError') && !error.is('TooManyRequestsException');
        if (rejected || Date.now() >= current.expiresAt) {
          if (sessionRef.current?.refreshToken === current.refreshToken) endSession('expired');
          return undefined;
        }
        // Offline for a moment: keep the still-valid token and let the timer try again.
        return current;
      } finally {
        refreshing.current = undefined;
      }
    })();
    refreshing.current = run;
    return run;
  }, [cognito, endSession, setSession]);

  const getAccessToken = useCallback(
    async (forceRefresh = false): Promise<string | undefined> => {
      const current = sessionRef.current;
      if (!current) return undefined;
      if (forceRefresh || current.expiresAt - Date.now() < MIN_VALIDITY_MS) {
        return (await refreshNow())?.accessToken;
      }
      return current.accessToken;
    },
    [refreshNow],
  );

  const api = useMemo(
    () =>
      createApiClient({
        apiBase: config.apiBase,
        getAccessToken,
        onUnauthorized: () => endSession('expired'),
      }),
    [config.apiBase, getAccessToken, endSession],
  );

  const loadMe = useCallback(async () => {
    try {
      const loaded = await api.getMe();
      setMe(loaded);
      setMeError(undefined);
    } catch (error) {
      setMe(undefined);
      setMeError(error instanceof Error ? error : new Error(String(error)));
    }
  }, [api]);

  // Restore the session this tab had before a reload.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const stored = loadStoredSession();
      if (!stored) {
        setStatus('signed-out');
        return;
      }
      sessionRef.current = stored;
      setSessionState(stored);
      const valid = stored.expiresAt - Date.now() < REFRESH_MARGIN_MS ? await refreshNow() : stored;
      if (cancelled) return;
      if (!valid) return; // refreshNow ended the session
      await loadMe();
      if (!cancelled && sessionRef.current) setStatus('signed-in');
    })();
    return () => {
      cancelled = true;
    };
  }, [loadMe, refreshNow]);

  // Refresh shortly before expiry, and again when a backgrounded tab (whose timers are throttled) returns.
  useEffect(() => {
    if (!session) return;
    const lifetime = session.expiresAt - Date.now();
    const delay = Math.max(1000, Math.min(lifetime - REFRESH_MARGIN_MS, lifetime * 0.8));
    const timer = setTimeout(() => {
      void refreshNow().then((next) => {
        if (next && next === sessionRef.current && next.expiresAt === session.expiresAt) {
          // Network failure kept the old token: try again soon.
          setTimeout(() => void refreshNow(), RETRY_AFTER_NETWORK_FAILURE_MS);
        }
      });
    }, delay);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && session.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
        void refreshNow();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [session, refreshNow]);

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInResult> => {
      const result = await cognito.signIn(email, password);
      if (result.kind === 'tokens') {
        const { refreshToken } = result.tokens;
        if (!refreshToken) {
          throw new CognitoError(
            'UnexpectedResponse',
            'Sign in returned no refresh token',
            200,
            'InitiateAuth',
          );
        }
        setSession(sessionFromTokens(result.tokens, refreshToken, Date.now(), email));
        setSessionEnd(undefined);
        await loadMe();
        setStatus('signed-in');
      }
      return result;
    },
    [cognito, loadMe, setSession],
  );

  const signOut = useCallback(async () => {
    const current = sessionRef.current;
    if (current) {
      try {
        await withTimeout(cognito.globalSignOut(current.accessToken), SIGN_OUT_TIMEOUT_MS);
      } catch {
        // GlobalSignOut can be missing (local emulator) or the token already expired:
        // revoking the refresh token still ends the session on the server side.
        try {
          await withTimeout(cognito.revokeToken(current.refreshToken), SIGN_OUT_TIMEOUT_MS);
        } catch {
          // The local session is cleared regardless; the access token expires within 15 minutes.
        }
      }
    }
    endSession('signed-out');
  }, [cognito, endSession]);

  const changePassword = useCallback(
    async (previousPassword: string, proposedPassword: string) => {
      const token = await getAccessToken();
      if (!token)
        throw new CognitoError('NotAuthorizedException', 'You are not signed in', 400, 'ChangePassword');
      await cognito.changePassword(token, previousPassword, proposedPassword);
    },
    [cognito, getAccessToken],
  );

  const value = useMemo<AuthValue>(
    () => ({
      config,
      status,
      user: session ? { sub: session.sub, email: me?.email || session.email, name: session.name } : undefined,
      me,
      meError,
      sessionEnd,
      cognito,
      api,
      signIn,
      signOut,
      changePassword,
      reloadMe: loadMe,
      getAccessToken,
      hasAnyRole: (roles) => (me ? me.roles.some((r) => roles.includes(r)) : false),
    }),
    [
      config,
      status,
      session,
      me,
      meError,
      sessionEnd,
      cognito,
      api,
      signIn,
      signOut,
      changePassword,
      loadMe,
      getAccessToken,
    ],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The API client for page code: `const api = useApi(); await api.get('/homes')`. */
export function useApi(): ApiClient {
  return useAuth().api;
}
