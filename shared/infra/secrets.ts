import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Config, loadConfig } from './config';

/**
 * Secrets by ARN from Secrets Manager, cached per container for a few minutes (a rotated secret is
 * picked up without a redeploy, and a warm Lambda makes one call, not one per request).
 */
export interface SecretFetcher {
  send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
}

const TTL_MS = 5 * 60_000;
const cache = new Map<string, { value: Promise<string>; at: number }>();
let client: SecretFetcher | undefined;

export async function secretValue(
  arn: string,
  options: { region: string; fetcher?: SecretFetcher; now?: () => number },
): Promise<string> {
  const now = options.now ?? Date.now;
  const hit = cache.get(arn);
  if (hit && now() - hit.at < TTL_MS) return hit.value;
  if (!options.fetcher && !client) client = new SecretsManagerClient({ region: options.region });
  const fetcher = options.fetcher ?? client;
  if (!fetcher) throw new Error('No Secrets Manager client');
  const value = fetcher.send(new GetSecretValueCommand({ SecretId: arn })).then((res) => {
    const text = res.SecretString;
    if (!text) throw new Error(`Secret ${arn} has no string value`);
    return text;
  });
  cache.set(arn, { value, at: now() });
  // A failed fetch is not cached: the next call tries again.
  value.catch(() => cache.delete(arn));
  return value;
}

/**
 * The key that signs one-click email links: from Secrets Manager by LINK_SIGNING_SECRET_ARN in the
 * cloud, else LINK_SIGNING_SECRET (local). A JSON secret may hold it as {"secret": "..."}.
 */
export async function linkSigningSecret(
  config: Config = loadConfig(),
  fetcher?: SecretFetcher,
): Promise<string> {
  if (!config.LINK_SIGNING_SECRET_ARN) return config.LINK_SIGNING_SECRET;
  const raw = await secretValue(config.LINK_SIGNING_SECRET_ARN, { region: config.AWS_REGION, fetcher });
  let value = raw;
  if (raw.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      const inner = parsed.secret ?? parsed.value;
      if (typeof inner === 'string') value = inner;
    } catch {
      // not JSON after all: use it as it is
    }
  }
  if (value.length < 16) throw new Error('The link signing secret is shorter than 16 characters');
  return value;
}

/** For tests. */
export function clearSecretCache(): void {
  cache.clear();
}
