import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-click "nothing has changed" link: a token naming the home, the user it was sent to, a
 * nonce and an expiry, signed with HMAC-SHA256. The signature proves the service made it; the
 * stored nonce (consumed with a conditional write) makes it single use; the expiry bounds it.
 */
export const LINK_TTL_HOURS = 72;
/** Tokens are short (~200 characters); anything much longer is not one of ours. */
export const MAX_TOKEN_LENGTH = 1024;

export interface LinkClaims {
  /** Nonce: the id of the stored link record. */
  nonce: string;
  locationId: string;
  sub: string;
  /** Expiry, epoch seconds. */
  expiresAt: number;
}

export type LinkVerification =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired'; claims?: LinkClaims };

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

function sign(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`cct-link-v1.${payload}`).digest();
}

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = b64url(
    JSON.stringify({ n: claims.nonce, l: claims.locationId, s: claims.sub, x: claims.expiresAt }),
  );
  // '~', not '.': CloudFront serves the app for paths whose last segment has no '.', and the token
  // is the last segment of /confirm/<token>.
  return `${payload}${SEPARATOR}${b64url(sign(payload, secret))}`;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const SEPARATOR = '~';

export function verifyLink(token: string, secret: string, now: Date): LinkVerification {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split(SEPARATOR);
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature || !/^[A-Za-z0-9_-]+$/.test(payload + signature)) {
    return { ok: false, reason: 'malformed' };
  }
  // Compared as text: base64url decoding ignores the spare bits of the last character, so comparing
  // decoded bytes would accept several spellings of one signature.
  const expected = Buffer.from(b64url(sign(payload, secret)), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  const { n, l, s, x } = r;
  if (
    typeof n !== 'string' ||
    typeof l !== 'string' ||
    typeof s !== 'string' ||
    typeof x !== 'number' ||
    !ID.test(n) ||
    !ID.test(l) ||
    !ID.test(s) ||
    !Number.isInteger(x)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const claims: LinkClaims = { nonce: n, locationId: l, sub: s, expiresAt: x };
  // Expired at the stated second: a link valid for 72 hours is refused at 72:00:00.
  if (Math.floor(now.getTime() / 1000) >= x) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export function linkExpiry(issuedAt: Date, ttlHours = LINK_TTL_HOURS): number {
  return Math.floor(issuedAt.getTime() / 1000) + ttlHours * 3600;
}
