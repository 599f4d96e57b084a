import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateNational } from '../../../scripts/generate';
import { loadOutcodeCentroids } from '../../../shared/app/cqc-parse';
import {
  haversineMiles,
  indexOutcodeCentroids,
  isEnglishRegion,
  outwardCode,
} from '../../../shared/domain/geo';
import { readAll, sharedFile, tempDir } from './helpers';

const centroidFile = sharedFile('geo/outcode-centroids.csv');

describe('generateNational', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const dir = await tempDir('cqc-gen-determinism');
    const options = { homes: 150, locations: 400, directoryRows: 40 };
    const a = await generateNational({ ...options, seed: 7, outDir: join(dir, 'a') });
    const b = await generateNational({ ...options, seed: 7, outDir: join(dir, 'b') });
    const c = await generateNational({ ...options, seed: 8, outDir: join(dir, 'c') });
    expect(await readFile(a.hscaFile)).toEqual(await readFile(b.hscaFile));
    expect(await readFile(a.directoryFile ?? '')).toEqual(await readFile(b.directoryFile ?? ''));
    expect((await readFile(a.hscaFile)).equals(await readFile(c.hscaFile))).toBe(false);
    expect(a.counts).toMatchObject({
      locations: 400,
      careHomes: 150,
      otherLocations: 250,
      directoryRows: 40,
    });
  });

  it('writes HSCA and directory files that the registry reader parses with no issues or warnings', async () => {
    const dir = await tempDir('cqc-gen-parse');
    const result = await generateNational({
      homes: 1500,
      locations: 4000,
      seed: 42,
      outDir: dir,
      directoryRows: 200,
    });
    const hsca = await readAll(result.hscaFile);
    expect(hsca.layout).toBe('hsca-active-locations-csv');
    expect(hsca.issues).toEqual([]);
    expect(hsca.warnings).toEqual([]);
    expect(hsca.records).toHaveLength(4000);
    expect(new Set(hsca.records.map((r) => r.locationId)).size).toBe(4000);

    const homes = hsca.records.filter((r) => r.isCareHome);
    expect(homes).toHaveLength(1500);
    expect(homes.reduce((sum, r) => sum + (r.registeredBeds ?? 0), 0)).toBe(result.counts.careHomeBeds);
    for (const home of homes) {
      expect(home.registeredBeds).toBeGreaterThanOrEqual(10);
      expect(home.registeredBeds).toBeLessThanOrEqual(120);
      expect(home.postcode).toMatch(/^[A-Z0-9]{2,4} \d[A-Z]{2}$/);
      expect(home.latitude).toBeDefined();
      expect(isEnglishRegion(home.region ?? '')).toBe(true);
      expect(home.subIcb?.code).toMatch(/^E38\d{6}$/);
      expect(home.icb?.code).toMatch(/^E54\d{6}$/);
      expect(home.localAuthority).toBeTruthy();
      expect(home.serviceTypes.some((s) => s.startsWith('Care home service'))).toBe(true);
      expect(home.regulatedActivities).toContain(
        'Accommodation for persons who require nursing or personal care',
      );
    }
    const share = (rating: string) => homes.filter((h) => h.overallRating === rating).length / homes.length;
    expect(share('Good')).toBeGreaterThan(0.65);
    expect(share('Good')).toBeLessThan(0.75);
    expect(share('Requires improvement')).toBeGreaterThan(0.12);
    expect(share('Outstanding')).toBeGreaterThan(0.03);
    const branded = homes.filter((h) => h.brand).length / homes.length;
    expect(branded).toBeGreaterThan(0.25);
    expect(branded).toBeLessThan(0.35);
    // Each sub-ICB code carries one name.
    const names = new Map<string, Set<string>>();
    for (const r of hsca.records) {
      if (r.subIcb?.code)
        names.set(r.subIcb.code, (names.get(r.subIcb.code) ?? new Set()).add(r.subIcb.name ?? ''));
    }
    for (const set of names.values()) expect(set.size).toBe(1);

    const directory = await readAll(result.directoryFile ?? '');
    expect(directory.layout).toBe('cqc-directory-csv');
    expect(directory.issues).toEqual([]);
    expect(directory.warnings).toEqual([]);
    expect(directory.records).toHaveLength(200);
    for (const fromDirectory of directory.records) {
      const fromHsca = hsca.byId.get(fromDirectory.locationId);
      expect(fromHsca).toBeDefined();
      expect(fromDirectory).toMatchObject({
        name: fromHsca?.name,
        postcode: fromHsca?.postcode,
        providerId: fromHsca?.providerId,
        localAuthority: fromHsca?.localAuthority,
        region: fromHsca?.region,
        isCareHome: true,
        serviceTypes: fromHsca?.serviceTypes,
        specialisms: fromHsca?.specialisms,
      });
    }
  });

  it.skipIf(!centroidFile.exists)(
    'puts each location near the centroid of its postcode district',
    async () => {
      const dir = await tempDir('cqc-gen-geo');
      const result = await generateNational({
        homes: 500,
        locations: 500,
        seed: 3,
        outDir: dir,
        directoryRows: 0,
      });
      expect(result.geography).toBe('outcode-centroids');
      expect(result.directoryFile).toBeUndefined();
      const index = indexOutcodeCentroids((await loadOutcodeCentroids(centroidFile.path)).centroids);
      const { records } = await readAll(result.hscaFile);
      for (const r of records) {
        const centroid = index.get(outwardCode(r.postcode) ?? '');
        expect(centroid?.country).toBe('England');
        if (!centroid || r.latitude === undefined || r.longitude === undefined)
          throw new Error('missing geography');
        expect(haversineMiles(centroid, { lat: r.latitude, lon: r.longitude })).toBeLessThan(10);
      }
      const london = result.counts.careHomesByRegion.London ?? 0;
      const southEast = result.counts.careHomesByRegion['South East'] ?? 0;
      expect(london / 500).toBeGreaterThan(0.04);
      expect(southEast).toBeGreaterThan(london);
    },
  );

  it('falls back to the built-in town list without shared data, still parsing cleanly', async () => {
    const dir = await tempDir('cqc-gen-builtin');
    const result = await generateNational({
      homes: 300,
      locations: 600,
      seed: 5,
      outDir: dir,
      sharedDataDir: null,
    });
    expect(result.geography).toBe('built-in');
    const data = await readAll(result.hscaFile);
    expect(data.issues).toEqual([]);
    expect(data.warnings).toEqual([]);
    expect(data.records.filter((r) => r.isCareHome)).toHaveLength(300);
    expect(new Set(data.records.map((r) => r.region)).size).toBe(9);
  });
});
