/**
 * Runtime settings, served by the service at /config.json (locally by `npm start`, in the cloud
 * by the web stack) so one build runs in every stage. Nothing here is a secret: the Cognito
 * user pool client is a public client.
 */
export interface CognitoSettings {
  /** Cognito Identity Provider JSON endpoint: the local emulator, or https://cognito-idp.<region>.amazonaws.com */
  endpoint: string;
  region: string;
  userPoolId: string;
  clientId: string;
}

export interface AppConfig {
  apiBase: string;
  stage: string;
  localMode: boolean;
  cognito: CognitoSettings;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(source: Record<string, unknown>, key: string, path: string): string {
  const value = source[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`config.json: ${path}${key} must be a non-empty string`);
  }
  return value;
}

function requireUrl(source: Record<string, unknown>, key: string, path: string): string {
  const value = requireString(source, key, path);
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(`config.json: ${path}${key} must be an http(s) URL`);
  }
  return value;
}

export function parseConfig(raw: unknown): AppConfig {
  if (!isRecord(raw)) throw new ConfigError('config.json must be a JSON object');
  const cognito = raw.cognito;
  if (!isRecord(cognito)) throw new ConfigError('config.json: cognito must be an object');
  const apiBase = requireString(raw, 'apiBase', '').replace(/\/+$/, '');
  return {
    apiBase,
    stage: requireString(raw, 'stage', ''),
    localMode: raw.localMode === true,
    cognito: {
      endpoint: requireUrl(cognito, 'endpoint', 'cognito.'),
      region: requireString(cognito, 'region', 'cognito.'),
      userPoolId: requireString(cognito, 'userPoolId', 'cognito.'),
      clientId: requireString(cognito, 'clientId', 'cognito.'),
    },
  };
}

export async function loadConfig(url = '/config.json'): Promise<AppConfig> {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new ConfigError(`Could not load ${url}: HTTP ${response.status}`);
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError(`${url} is not valid JSON`);
  }
  return parseConfig(raw);
}
