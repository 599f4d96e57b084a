import type { AuthTokens } from './cognito';

/**
 * The signed-in session. Kept in memory and mirrored to sessionStorage so a reload keeps the
 * person signed in but closing the tab ends it (sessionStorage is per tab and never sent to a
 * server; localStorage would outlive the tab on shared ward computers).
 */
export interface Session {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops being accepted. */
  expiresAt: number;
  sub: string;
  email: string;
  name?: string;
}

const STORAGE_KEY = 'cct.session.v1';

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function claim(payload: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = payload?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Builds a session from a token response. The expiry is the earlier of the response's
 * ExpiresIn and the token's own `exp`, so a slow response never makes us trust a token longer.
 */
export function sessionFromTokens(
  tokens: AuthTokens,
  refreshToken: string,
  now = Date.now(),
  fallbackEmail?: string,
): Session {
  const access = decodeJwtPayload(tokens.accessToken);
  const id = decodeJwtPayload(tokens.idToken);
  let expiresAt = now + tokens.expiresInSeconds * 1000;
  const exp = access?.exp;
  if (typeof exp === 'number' && exp * 1000 < expiresAt) expiresAt = exp * 1000;
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    refreshToken,
    expiresAt,
    sub: claim(id, 'sub') ?? claim(access, 'sub') ?? '',
    email: claim(id, 'email') ?? fallbackEmail ?? claim(access, 'username') ?? '',
    name: claim(id, 'name'),
  };
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.accessToken === 'string' &&
    typeof v.idToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.expiresAt === 'number' &&
    typeof v.sub === 'string' &&
    typeof v.email === 'string'
  );
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be blocked by browser settings; the session then lives in memory only.
    return undefined;
  }
}

export function loadStoredSession(): Session | undefined {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSession(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function storeSession(session: Session | undefined): void {
  const store = storage();
  if (!store) return;
  try {
    if (session) store.setItem(STORAGE_KEY, JSON.stringify(session));
    else store.removeItem(STORAGE_KEY);
  } catch {
    // Quota or privacy mode: the in-memory session still works for this page.
  }
}

const PENDING_EMAIL_KEY = 'cct.pendingEmail';

/**
 * Hands the email address from one account step to the next (register → confirm email,
 * sign in → confirm email) without putting it in the URL, where it would reach server logs.
 */
export function rememberEmail(email: string): void {
  try {
    storage()?.setItem(PENDING_EMAIL_KEY, email);
  } catch {
    // Not essential: the next page asks for the email address.
  }
}

export function recallEmail(): string {
  return storage()?.getItem(PENDING_EMAIL_KEY) ?? '';
}
