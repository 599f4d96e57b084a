import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CqcReadItem } from '../../domain/registry/types';
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
  /** How many located care homes go in before the service is ready (the rest follow in the background). */
  firstHomes?: number;
}

export interface SeedResult {
  /** The active homes of the first, bounded part: candidates for demo memberships, best described first. */
  homes: SeededHome[];
  source: string;
  /**
   * The rest of the register (outward-code centroids, then every home of every source), loading in
   * the background. Never rejects: it resolves to what happened, for the log.
   */
  rest?: Promise<string>;
}

/** Registry state name: set once the whole seed is in, so a restart knows whether to finish it. */
export const SEED_STATE = 'local-seed-complete';
/** Care homes loaded before `npm start` says ready; small enough to stay well inside 20 s. */
const FIRST_HOMES = 40;

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
 * The care home register for a local start: the real CQC samples in ../shared/data when present,
 * otherwise a generated national spread (300 homes). Two parts, both through the one ingestion
 * path: first a bounded subset (the first FIRST_HOMES registered, located care homes of the input),
 * awaited, so demo users can belong to a real home and the service is ready quickly; then, in the
 * background, outward-code centroids and the whole input (which re-reads the subset: unchanged, no
 * writes). A restart that finds the seed incomplete finishes it (see `resumeRegistrySeed`).
 */
export async function seedRegistry(options: SeedRegistryOptions): Promise<SeedResult> {
  if (!wanted(options.enabled)) return { homes: [], source: 'none (registry seed off)' };
  const deps = options.deps ?? registryDeps();
  const input = await seedInput(options);
  if (!input) return { homes: [], source: 'none (no ../shared/data and no generator)' };

  const homes = new Map<string, SeededHome>();
  const limit = options.firstHomes ?? FIRST_HOMES;
  const first = await runCqcIngestion(await firstHomesOf(input.sources, limit), deps, {
    trigger: 'seed',
    onActiveHome: (h) => homes.set(h.locationId, seeded(h)),
  });
  if (first.status === 'failed') options.log(formatReport(first));
  options.log(
    `registry seed from ${input.source}: first ${homes.size} care homes in (${first.created} created); the rest loads in the background`,
  );
  const facts = (h: SeededHome) =>
    (h.located ? 8 : 0) +
    (h.localAuthority ? 4 : 0) +
    (h.icbCode || h.subIcbCode ? 2 : 0) +
    (h.registeredBeds ? 1 : 0);
  return {
    homes: [...homes.values()].sort((a, b) => facts(b) - facts(a) || a.name.localeCompare(b.name)),
    source: input.source,
    rest: loadTheRest(options, deps, input),
  };
}

/**
 * On a restart over kept data: finishes a seed that an earlier start began but did not complete (it
 * was stopped during the background part). One read when the seed is complete; never rejects.
 */
export async function resumeRegistrySeed(options: SeedRegistryOptions): Promise<string | undefined> {
  try {
    if (!wanted(options.enabled)) return undefined;
    const deps = options.deps ?? registryDeps();
    if (await deps.runs.getState(SEED_STATE)) return undefined;
    const input = await seedInput(options);
    if (!input) return undefined;
    options.log('registry seed: finishing the register an earlier start began, in the background');
    return await loadTheRest(options, deps, input);
  } catch (error) {
    return `registry seed not resumed: ${(error as Error).message}`;
  }
}

async function seedInput(
  options: SeedRegistryOptions,
): Promise<{ sources: IngestSource[]; source: string; centroids?: string } | undefined> {
  const dataDir = resolve(options.root, '..', 'shared', 'data');
  const centroidsFile = join(dataDir, 'geo', 'outcode-centroids.csv');
  const centroids = existsSync(centroidsFile) ? centroidsFile : undefined;
  const cqcDir = join(dataDir, 'cqc');
  if (existsSync(cqcDir)) return { sources: await sourcesFromPaths([cqcDir]), source: cqcDir, centroids };
  if (!options.generate) return undefined;
  const out = join(options.root, '.data', 'generated-seed');
  await mkdir(out, { recursive: true });
  const generated = await options.generate(out);
  return {
    sources: [
      fileSource(generated.hscaFile),
      ...(generated.directoryFile ? [fileSource(generated.directoryFile)] : []),
    ],
    source: 'generated data',
    centroids,
  };
}

async function loadTheRest(
  options: SeedRegistryOptions,
  deps: RegistryDeps,
  input: { sources: IngestSource[]; source: string; centroids?: string },
): Promise<string> {
  try {
    if (input.centroids) {
      const report = await runOutcodeIngestion(
        { name: 'outcode-centroids.csv', text: await readFile(input.centroids, 'utf8') },
        deps,
        { trigger: 'seed' },
      );
      if (report.status === 'failed') throw new Error(report.error ?? 'outward-code centroids failed');
    }
    let active = 0;
    const report = await runCqcIngestion(input.sources, deps, {
      trigger: 'seed',
      onActiveHome: () => {
        active++;
      },
    });
    if (report.status === 'failed') throw new Error(report.error ?? 'ingestion failed');
    await deps.runs.setState(SEED_STATE, new Date().toISOString());
    const message = `registry seed from ${input.source} complete: ${active} care homes (${report.created} created, ${report.updated} updated, ${report.notLocated} not located, ${report.skipped} rows skipped)`;
    options.log(message);
    return message;
  } catch (error) {
    const message = `registry seed stopped before it finished (${(error as Error).message}); the next start finishes it`;
    options.log(message);
    return message;
  }
}

/** Records the first part keeps in memory from its one read of the input (beyond it, it reads again). */
const REPLAY_LIMIT = 20_000;

/**
 * The first `limit` registered, located care homes of the sources, as the same sources filtered to
 * those homes: the part of the seed the service waits for. Every record of a chosen home is kept (from
 * every file), so the part folds exactly as the whole input does and the later full run finds those
 * homes unchanged. The input is read once; both passes of the ingester replay the records from memory
 * (small inputs) or read the files again (large ones). Deterministic either way.
 */
export async function firstHomesOf(sources: readonly IngestSource[], limit: number): Promise<IngestSource[]> {
  const ids = new Set<string>();
  const kept: CqcReadItem[][] = [];
  let count = 0;
  for (const source of sources) {
    const items: CqcReadItem[] = [];
    for await (const item of source.open()) {
      const r = item.record;
      if (!r) continue;
      if (++count <= REPLAY_LIMIT) items.push(item);
      if (ids.size >= limit || !r.isCareHome || r.registrationStatus !== 'registered') continue;
      if (r.latitude !== undefined && r.longitude !== undefined) ids.add(r.locationId);
    }
    kept.push(items);
  }
  const replay = count <= REPLAY_LIMIT;
  return sources.map((source, i) => ({
    name: source.name,
    async *open() {
      const items: AsyncIterable<CqcReadItem> | Iterable<CqcReadItem> = replay
        ? (kept[i] ?? [])
        : source.open();
      for await (const item of items) {
        if (item.record && ids.has(item.record.locationId)) yield item;
      }
    },
    layout: () => source.layout?.(),
  }));
}
