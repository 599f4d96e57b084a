import type { LocatedPoint, PostcodeLocator } from './ports';

/**
 * Postcode points change only when the geography is re-ingested, and discharge teams search from the
 * same few hospital postcodes all day: a container remembers the points it has looked up (not the
 * misses, so a postcode added later is found at once).
 */
export function cachedLocator(
  inner: PostcodeLocator,
  options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
): PostcodeLocator {
  const max = options.maxEntries ?? 20_000;
  const ttl = options.ttlMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { point: LocatedPoint; at: number }>();
  return {
    async locate(input) {
      const key = input.replace(/\s+/g, '').toUpperCase();
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttl) return { point: hit.point, itemsRead: 0 };
      const found = await inner.locate(input);
      if (found.point) {
        // Map keeps insertion order: the oldest entry goes first when full.
        if (entries.size >= max) entries.delete(entries.keys().next().value as string);
        entries.delete(key);
        entries.set(key, { point: found.point, at: now() });
      }
      return found;
    },
  };
}
