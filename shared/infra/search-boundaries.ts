import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Local authority boundaries (ONS LAD, generalised GeoJSON, ~0.7 MB) for the search map's base layer.
 * In the cloud they are a public data file in the data bucket; locally the shared data folder beside
 * the project is read in place (never copied into the project), else the local data bucket.
 */
export const BOUNDARIES_KEY = 'geo/local-authority-boundaries.geojson';
/** Keeps the response inside Lambda's 6 MB payload limit with room to spare. */
const MAX_BYTES = 4 * 1024 * 1024;

let cached: { body: string } | undefined;

export interface BoundarySourceOptions {
  s3: S3Client;
  bucket: string;
  /** Local mode: a file to fall back on. */
  localFile?: string;
}

/**
 * The shared data folder beside the project: found from this module's own location (shared/infra in
 * the project), so it does not depend on the folder the local service was started from.
 */
export function defaultLocalBoundariesFile(moduleUrl: string = import.meta.url): string {
  const projectRoot = resolve(dirname(fileURLToPath(moduleUrl)), '..', '..');
  return resolve(projectRoot, '..', 'shared', 'data', 'geo', 'local-authority-boundaries.geojson');
}

export async function loadBoundaries(options: BoundarySourceOptions): Promise<string | undefined> {
  if (cached) return cached.body;
  let body: string | undefined;
  if (options.localFile && existsSync(options.localFile) && statSync(options.localFile).size <= MAX_BYTES) {
    body = await readFile(options.localFile, 'utf8');
  } else {
    try {
      const res = await options.s3.send(
        new GetObjectCommand({ Bucket: options.bucket, Key: BOUNDARIES_KEY }),
      );
      if ((res.ContentLength ?? 0) <= MAX_BYTES) body = await res.Body?.transformToString('utf8');
    } catch (error) {
      const name = (error as { name?: string }).name;
      // Locally the map simply goes without its base layer; in the cloud anything but "absent" is a fault.
      if (!options.localFile && name !== 'NoSuchKey' && name !== 'NotFound' && name !== 'NoSuchBucket')
        throw error;
    }
  }
  if (body !== undefined) cached = { body };
  return body;
}
