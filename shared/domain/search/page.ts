import { z } from 'zod';
import type { SortKey } from './engine';
import type { SearchQuery } from './query';

/**
 * Keyset pagination: a page continues after the sort key of the last result shown, so a home that
 * moves (an update changes its freshness) or appears between pages cannot shift the rest of the list
 * by one and be shown twice or skipped at the boundary. The cursor carries that key and a fingerprint
 * of the search it belongs to; the app layer signs it.
 */
export const cursorPayloadSchema = z.strictObject({
  v: z.literal(1),
  /** Fingerprint of the search (see queryFingerprint). */
  q: z.string().min(1).max(100),
  /** Sort key of the last result on the previous page; null stands for +Infinity (never updated). */
  k: z.tuple([z.number().nullable(), z.string().min(1).max(100)]),
});
export type CursorPayload = z.infer<typeof cursorPayloadSchema>;

export function cursorPayload(fingerprint: string, after: SortKey): CursorPayload {
  return { v: 1, q: fingerprint, k: [Number.isFinite(after[0]) ? after[0] : null, after[1]] };
}

export function sortKeyOf(payload: CursorPayload): SortKey {
  return [payload.k[0] ?? Number.POSITIVE_INFINITY, payload.k[1]];
}

/** Canonical text of everything that decides which results a search has and their order. */
export function queryFingerprint(query: SearchQuery): string {
  return JSON.stringify(query);
}
