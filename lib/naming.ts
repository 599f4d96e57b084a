import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws } from 'aws-cdk-lib';
import { type BucketName, buckets } from '../shared/wiring/definitions';
import type { Settings } from './settings';

/** Repository root: entry files in definitions.ts are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function repoPath(relative: string): string {
  return join(REPO_ROOT, relative);
}

export function repoFileExists(relative: string): boolean {
  return existsSync(repoPath(relative));
}

/** The buckets that hold data (everything but the web bucket, which the web stack owns). */
export type DataBucketName = Exclude<BucketName, 'web'>;

export const dataBucketNames = (Object.keys(buckets) as BucketName[]).filter(
  (name): name is DataBucketName => name !== 'web',
);

/**
 * Physical bucket name. Deterministic (stage, account, region) so that code stacks refer to a
 * bucket without a cross-stack export: an export would tie the stateful stack to every consumer,
 * and S3 notifications on an exported bucket would make the data stack depend on the functions.
 */
export function bucketName(settings: Settings, name: DataBucketName): string {
  return `${settings.prefix}-${name}-${Aws.ACCOUNT_ID}-${settings.region}`;
}

/** Lambda environment variable that carries a bucket's name (UPLOADS_BUCKET, DATA_BUCKET...). */
export function bucketEnvVar(name: DataBucketName): string {
  return `${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_BUCKET`;
}

/** `care-home-staff` -> `CareHomeStaff`: construct ids derived from names in definitions.ts. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
