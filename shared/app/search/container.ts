import { awsClients } from '../../infra/aws';
import { DynamoGeoRepository } from '../../infra/geo-repository';
import { defaultLocalBoundariesFile, loadBoundaries } from '../../infra/search-boundaries';
import { loadSearchConfig } from '../../infra/search-config';
import { DynamoSearchHomeSource, GeoPostcodeLocator } from '../../infra/search-repository';
import { writeSearchXlsx } from '../../infra/search-xlsx';
import { linkSigningSecret } from '../../infra/secrets';
import { type CursorCodec, createCursorCodec } from './cursor';
import { SearchIndexCache } from './index-cache';
import type { PostcodeLocator } from './ports';
import { cachedLocator } from './postcode-cache';
import type { SearchDeps } from './search-vacancies';

/** One index per table for the life of the container: that is the point of it (docs/capacity.md). */
const caches = new Map<string, SearchIndexCache>();
const locators = new Map<string, PostcodeLocator>();
/** The cursor codec of the current signing secret: rebuilt only when the secret rotates. */
let codec: { secret: string; codec: CursorCodec } | undefined;

function cursorCodec(secret: string): CursorCodec {
  if (codec?.secret !== secret) codec = { secret, codec: createCursorCodec(secret) };
  return codec.codec;
}

export function searchCache(): SearchIndexCache {
  const { ddb, config } = awsClients();
  let cache = caches.get(config.TABLE_NAME);
  if (!cache) {
    const settings = loadSearchConfig();
    cache = new SearchIndexCache(new DynamoSearchHomeSource(ddb, config.TABLE_NAME), {
      refreshMs: settings.SEARCH_REFRESH_SECONDS * 1000,
      fullReloadMs: settings.SEARCH_FULL_RELOAD_SECONDS * 1000,
      lookbackMs: settings.SEARCH_FEED_LOOKBACK_SECONDS * 1000,
    });
    caches.set(config.TABLE_NAME, cache);
  }
  return cache;
}

function searchLocator(): PostcodeLocator {
  const { ddb, config } = awsClients();
  let locator = locators.get(config.TABLE_NAME);
  if (!locator) {
    locator = cachedLocator(new GeoPostcodeLocator(new DynamoGeoRepository(ddb, config.TABLE_NAME)));
    locators.set(config.TABLE_NAME, locator);
  }
  return locator;
}

/** Wires the search use cases; called per invocation, never at import. */
export async function searchDeps(): Promise<SearchDeps> {
  const { config } = awsClients();
  return {
    cache: searchCache(),
    locator: searchLocator(),
    // The cloud's secret comes from Secrets Manager (cached there); locally LINK_SIGNING_SECRET.
    cursors: cursorCodec(await linkSigningSecret(config)),
    writeXlsx: writeSearchXlsx,
  };
}

export function searchBoundaries(): Promise<string | undefined> {
  const { s3, config } = awsClients();
  const settings = loadSearchConfig();
  return loadBoundaries({
    s3,
    bucket: config.DATA_BUCKET,
    localFile:
      config.STAGE === 'local'
        ? (settings.SEARCH_BOUNDARIES_FILE ?? defaultLocalBoundariesFile())
        : undefined,
  });
}
