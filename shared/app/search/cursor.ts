import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { type CursorPayload, cursorPayloadSchema } from '../../domain/search';

/**
 * Opaque page cursors: base64url JSON plus a truncated HMAC, so a client can neither forge a position
 * nor carry a cursor over to a different search (the payload names the search's fingerprint).
 */
export interface CursorCodec {
  encode(payload: CursorPayload): string;
  /** undefined when the cursor was not issued by this service (malformed, tampered, or from another key). */
  decode(cursor: string): CursorPayload | undefined;
}

const MAC_BYTES = 16;

export function createCursorCodec(secret: string): CursorCodec {
  // A key of its own, so a cursor MAC can never double as any other signature made with the secret.
  const key = createHmac('sha256', secret).update('search-cursor/v1').digest();
  const mac = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
  return {
    encode(payload) {
      const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    decode(cursor) {
      const [body, signature, extra] = cursor.split('.');
      if (!body || !signature || extra !== undefined) return undefined;
      // Compared as text, so the spare bits of the last base64url character cannot vary.
      const given = Buffer.from(signature, 'utf8');
      const expected = Buffer.from(mac(body).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      const parsed = cursorPayloadSchema.safeParse(json);
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/**
 * Short digest of a search's fingerprint, to keep cursors small. Unkeyed: it names the search, and the
 * cursor's MAC covers it.
 */
export function fingerprintDigest(fingerprint: string): string {
  return hash('sha256', `search-fingerprint\n${fingerprint}`, 'base64url').slice(0, 22);
}
