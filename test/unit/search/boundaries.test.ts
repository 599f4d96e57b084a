import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLocalBoundariesFile, loadBoundaries } from '../../../shared/infra/search-boundaries';

const PROJECT = resolve(__dirname, '..', '..', '..');
const SHARED_FILE = resolve(PROJECT, '..', 'shared', 'data', 'geo', 'local-authority-boundaries.geojson');

describe('local authority boundaries, local mode', () => {
  const cwd = process.cwd();
  afterEach(() => {
    process.chdir(cwd);
  });

  it('finds the shared data folder beside the project, whatever folder the service was started from', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cct-boundaries-'));
    try {
      process.chdir(elsewhere);
      expect(defaultLocalBoundariesFile()).toBe(SHARED_FILE);
      process.chdir(join(PROJECT, 'web'));
      expect(defaultLocalBoundariesFile()).toBe(SHARED_FILE);
    } finally {
      process.chdir(cwd);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('resolves from the module location, not from the working directory', () => {
    const moduleUrl = 'file:///opt/checkout/project/shared/infra/search-boundaries.ts';
    expect(defaultLocalBoundariesFile(moduleUrl)).toBe(
      '/opt/checkout/shared/data/geo/local-authority-boundaries.geojson',
    );
  });

  it('goes without the layer (no error) when the file is absent and the local bucket cannot be read', async () => {
    // An S3 endpoint nobody listens on: the local fallback fails, which must not become a 500.
    const s3 = new S3Client({
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'wrong', secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    try {
      await expect(
        loadBoundaries({ s3, bucket: 'no-such-bucket', localFile: '/nonexistent/boundaries.geojson' }),
      ).resolves.toBeUndefined();
    } finally {
      s3.destroy();
    }
  });

  it('reads the shared file in place, from any working directory', async (ctx) => {
    if (!existsSync(SHARED_FILE)) {
      console.warn(`skipped: ${SHARED_FILE} is absent (see /work/shared/data/README)`);
      ctx.skip();
    }
    const elsewhere = mkdtempSync(join(tmpdir(), 'cct-boundaries-'));
    const s3 = new S3Client({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    try {
      process.chdir(elsewhere);
      const body = await loadBoundaries({ s3, bucket: 'unused', localFile: defaultLocalBoundariesFile() });
      expect(body).toBeDefined();
      const geo = JSON.parse(body ?? '{}') as { type?: string; features?: unknown[] };
      expect(geo.type).toBe('FeatureCollection');
      expect(geo.features?.length).toBeGreaterThan(300);
    } finally {
      process.chdir(cwd);
      s3.destroy();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
