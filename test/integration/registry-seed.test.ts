import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateNational } from '../../scripts/generate';
import { resumeRegistrySeed, SEED_STATE, seedRegistry } from '../../shared/app/registry/seed';
import { registryDeps } from '../../shared/infra/registry-container';
import { useTestTable } from '../support/service';

async function repoWithoutSharedData(): Promise<string> {
  // A repository root whose ../shared/data does not exist.
  const root = join(await mkdtemp(join(tmpdir(), 'cct-seed-')), 'repo');
  await mkdir(root);
  return root;
}

const generate = (outDir: string) =>
  generateNational({ homes: 40, seed: 3, outDir, directoryRows: 5, sharedDataDir: null });

async function activeHomes(): Promise<number> {
  let n = 0;
  for await (const page of registryDeps().homes.activeLocationIds()) n += page.length;
  return n;
}

describe('registry seed for a local start', () => {
  it('loads a bounded first part before ready, the rest in the background, from generated data when ../shared/data is absent', async () => {
    await useTestTable('regseed');
    const root = await repoWithoutSharedData();
    const messages: string[] = [];
    const seeded = await seedRegistry({
      root,
      log: (m) => messages.push(m),
      enabled: true,
      firstHomes: 10,
      generate,
    });
    expect(seeded.source).toBe('generated data');
    // The first part: exactly the first 10 located, registered care homes, best described first.
    expect(seeded.homes).toHaveLength(10);
    expect(seeded.homes[0]).toMatchObject({ located: true, localAuthority: expect.any(String) });
    expect(await activeHomes()).toBe(10);
    expect(await registryDeps().runs.getState(SEED_STATE)).toBeUndefined();

    expect(await seeded.rest).toMatch(/complete: \d+ care homes/);
    const all = await activeHomes();
    expect(all).toBeGreaterThan(30);
    expect(await registryDeps().runs.getState(SEED_STATE)).toEqual(expect.any(String));
    expect(messages.join('\n')).toMatch(/registry seed from generated data: first 10 care homes in/);

    // Seeding again (a restart that lost demo-users.json) writes nothing.
    const again = await seedRegistry({ root, log: () => undefined, enabled: true, firstHomes: 10, generate });
    expect(again.homes).toHaveLength(10);
    await again.rest;
    const [rest, first] = (await registryDeps().runs.listRecent(2)).runs;
    expect(first).toMatchObject({ trigger: 'seed', created: 0, writes: 0, unchanged: 10 });
    expect(rest).toMatchObject({ trigger: 'seed', created: 0, updated: 0, writes: 0 });
    expect(await activeHomes()).toBe(all);
    // A restart over a complete seed does nothing.
    expect(await resumeRegistrySeed({ root, log: () => undefined, enabled: true, generate })).toBeUndefined();
  });

  it('finishes, on a restart, a seed whose background part was stopped', async () => {
    await useTestTable('regseed');
    const root = await repoWithoutSharedData();
    // The first part went in; the start was stopped before the rest (the state is never set).
    const real = registryDeps().runs;
    const forgetful = {
      save: (r: Parameters<typeof real.save>[0]) => real.save(r),
      listRecent: (limit: number, start?: Record<string, unknown>) => real.listRecent(limit, start),
      getState: (name: string) => real.getState(name),
      setState: async () => undefined,
    };
    const seeded = await seedRegistry({
      root,
      log: () => undefined,
      enabled: true,
      firstHomes: 5,
      generate,
      deps: { ...registryDeps(), runs: forgetful },
    });
    await seeded.rest;
    const messages: string[] = [];
    const resumed = await resumeRegistrySeed({ root, log: (m) => messages.push(m), enabled: true, generate });
    expect(resumed).toMatch(/complete/);
    expect(messages[0]).toMatch(/finishing the register/);
    expect(await registryDeps().runs.getState(SEED_STATE)).toEqual(expect.any(String));
  });

  it('is off in test runs unless asked for', async () => {
    await useTestTable('regseed');
    const flag = process.env.SEED_REGISTRY;
    delete process.env.SEED_REGISTRY;
    try {
      expect(await seedRegistry({ root: '/nowhere', log: () => undefined })).toEqual({
        homes: [],
        source: 'none (registry seed off)',
      });
    } finally {
      if (flag !== undefined) process.env.SEED_REGISTRY = flag;
    }
  });
});
