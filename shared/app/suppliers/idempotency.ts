import { createHash } from 'node:crypto';

/**
 * Idempotency-Key for supplier writes. The first request with a key (per supplier) claims it with a
 * conditional put; when it finishes, its response is stored against the key until the record's TTL.
 * A replay with the same body gets that response back byte for byte and changes nothing; the same
 * key with a different body is refused (422); a replay while the first is still running waits a
 * little, then gets 409. A claim whose holder died (the lock expired) is taken over.
 */

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export type IdempotencyRecord =
  | { state: 'in-progress'; requestHash: string; lockedUntilMs: number }
  | { state: 'complete'; requestHash: string; response: StoredResponse };

export interface IdempotencyStore {
  /** Claims the key (conditional put); false when a record exists already. */
  claim(
    supplierId: string,
    key: string,
    requestHash: string,
    lockedUntilMs: number,
    expiresAtEpochSeconds: number,
  ): Promise<boolean>;
  /** The record, strongly consistent; undefined when none (e.g. released or expired). */
  get(supplierId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Takes over an in-progress claim whose lock expired (conditional on the old lock); false if someone else did. */
  takeOver(supplierId: string, key: string, previousLockMs: number, lockedUntilMs: number): Promise<boolean>;
  complete(supplierId: string, key: string, response: StoredResponse): Promise<void>;
  /** Drops a claim whose request failed unexpectedly, so a retry can run it. */
  release(supplierId: string, key: string): Promise<void>;
}

export interface IdempotencyOptions {
  ttlHours: number;
  /** How long a claim holds off duplicates before it counts as abandoned. */
  lockMs?: number;
  /** How long a duplicate waits for the first request to finish before answering 409. */
  waitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type IdempotentOutcome =
  | { kind: 'fresh'; response: StoredResponse }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/** Keys are opaque to us; printable ASCII (they travel in a header), at most 255 characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function requestHash(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(body, 'utf8').digest('hex');
}

/**
 * Runs `work` at most once per (supplier, key) while the record lives. `work` returns the response
 * to store; if it throws, the claim is released and the error propagates (nothing is stored, so the
 * client may retry with the same key).
 */
export async function runIdempotent(
  store: IdempotencyStore,
  ids: { supplierId: string; key: string; requestHash: string },
  options: IdempotencyOptions,
  work: () => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lockMs = options.lockMs ?? 60_000;
  const waitMs = options.waitMs ?? 2_000;
  const expires = Math.ceil(now() / 1000 + options.ttlHours * 3600);

  let claimed = await store.claim(ids.supplierId, ids.key, ids.requestHash, now() + lockMs, expires);
  const waitUntil = now() + waitMs;
  while (!claimed) {
    const record = await store.get(ids.supplierId, ids.key);
    if (!record) {
      // Released (the first attempt failed) or expired between our claim and this read: claim again.
      claimed = await store.claim(ids.supplierId, ids.key, ids.requestHash, now() + lockMs, expires);
      continue;
    }
    if (record.requestHash !== ids.requestHash) return { kind: 'mismatch' };
    if (record.state === 'complete') return { kind: 'replay', response: record.response };
    if (record.lockedUntilMs < now()) {
      claimed = await store.takeOver(ids.supplierId, ids.key, record.lockedUntilMs, now() + lockMs);
      continue;
    }
    if (now() >= waitUntil) return { kind: 'in-progress' };
    await sleep(100);
  }

  let response: StoredResponse;
  try {
    response = await work();
  } catch (error) {
    await store.release(ids.supplierId, ids.key).catch(() => undefined);
    throw error;
  }
  await store.complete(ids.supplierId, ids.key, response);
  return { kind: 'fresh', response };
}
