import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { registryDeps } from '../../infra/registry-container';
import type { IngestSource } from './ingest';
import type { RegistryHome } from './model';
import { formatReport } from './report';
import { type RegistryDeps, runCqcIngestion, runOutcodeIngestion } from './runs';
import { fileSource, sourcesFromPaths } from './sources';

/** A seeded active home, for picking demo memberships. */
export interface SeededHome {
  locationId: string;
  name: string;
  providerId: string;
  providerName?: string;
  localAuthority?: string;
  subIcbCode?: string;
  subIcbName?: string;
  icbCode?: string;
  icbName?: string;
  region?: string;
  registeredBeds?: number;
  located: boolean;
}

export interface SeedRegistryOptions {
  /** Repository root; the real data is looked for in `<root>/../shared/data`. */
  root: string;
  log: (message: string) => void;
  /** Writes generated CQC data (HSCA layout) into `outDir` when the real data is not there. */
  generate?: (outDir: string) => Promise<{ hscaFile: string; directoryFile?: string }>;
  deps?: RegistryDeps;
  /** Defaults to SEED_REGISTRY (0 to skip); test runs (VITEST) skip unless it is 1. */
  enabled?: boolean;
}

function wanted(explicit: boolean | undefined): boolean {
  if (explicit !== undefined) return explicit;
  const flag = process.env.SEED_REGISTRY;
  if (flag !== undefined) return flag !== '0' && flag.toLowerCase() !== 'false';
  // Every test file starts its own service: seeding the register in each would slow them all and
  // put homes in tables whose tests expect none.
  return !process.env.VITEST;
}

const seeded = (h: RegistryHome): SeededHome => ({
  locationId: h.locationId,
  name: h.name,
  providerId: h.providerId,
  providerName: h.providerName,
  localAuthority: h.localAuthority,
  subIcbCode: h.subIcbCode,
  subIcbName: h.subIcbName,
  icbCode: h.icbCode,
  icbName: h.icbName,
  region: h.region,
  registeredBeds: h.registeredBeds,
  located: h.geohash !== undefined,
});

/**
 * The care home register for a first local start: the real CQC samples in ../shared/data (outward
 * code centroids first, so homes with only a postcode are located) when present, otherwise a small
 * generated national spread (300 homes: first start stays fast). Returns the active homes, located
 * ones with the most facts first, so callers can pick a good demo home.
 */
export async function seedRegistry(
  options: SeedRegistryOptions,
): Promise<{ homes: SeededHome[]; source: string }> {
  if (!wanted(options.enabled)) return { homes: [], source: 'none (registry seed off)' };
  const deps = options.deps ?? registryDeps();
  const dataDir = resolve(options.root, '..', 'shared', 'data');
  const homes = new Map<string, SeededHome>();
  const onActiveHome = (h: RegistryHome) => homes.set(h.locationId, seeded(h));

  const centroids = join(dataDir, 'geo', 'outcode-centroids.csv');
  if (existsSync(centroids)) {
    const report = await runOutcodeIngestion(
      { name: 'outcode-centroids.csv', text: await readFile(centroids, 'utf8') },
      deps,
      { trigger: 'seed' },
    );
    options.log(`registry seed: ${report.rowsRead} outward-code centroids (${report.status})`);
  }

  let sources: IngestSource[];
  let source: string;
  const cqcDir = join(dataDir, 'cqc');
  if (existsSync(cqcDir)) {
    sources = await sourcesFromPaths([cqcDir]);
    source = cqcDir;
  } else if (options.generate) {
    const out = join(options.root, '.data', 'generated-seed');
    await mkdir(out, { recursive: true });
    const generated = await options.generate(out);
    sources = [
      fileSource(generated.hscaFile),
      ...(generated.directoryFile ? [fileSource(generated.directoryFile)] : []),
    ];
    source = 'generated data';
  } else {
    return { homes: [], source: 'none (no ../shared/data and no generator)' };
  }
  const report = await runCqcIngestion(sources, deps, { trigger: 'seed', onActiveHome });
  if (report.status === 'failed') options.log(formatReport(report));
  options.log(
    `registry seed from ${source}: ${homes.size} care homes (${report.created} created, ${report.notLocated} not located)`,
  );
  const facts = (h: SeededHome) =>
    (h.located ? 4 : 0) + (h.localAuthority ? 2 : 0) + (h.icbCode || h.subIcbCode ? 1 : 0);
  return {
    homes: [...homes.values()].sort((a, b) => facts(b) - facts(a) || a.name.localeCompare(b.name)),
    source,
  };
}
