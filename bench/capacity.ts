import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createRng,
  DEFAULT_SHARED_DATA_DIR,
  type GeneratedLocation,
  generateLocations,
} from '../scripts/generate';
import { READ_AHEAD_FRACTION } from '../shared/app/search/index-cache';
import { coverCircle, encodeGeohash, haversineMiles, precisionForRadius } from '../shared/domain/geo';
import {
  admissionStatus,
  type BedStateRow,
  bedStateTotals,
  FUNDING_SOURCE_CODES,
  type ServicesOfferedInput,
  SHORT_STAY_SERVICE_CODES,
  VACANCY_TYPE_CODES,
  type VacancyTypeCode,
} from '../shared/domain/vacancy';
import { homeKeys } from '../shared/infra/keys';
import { REGION_PARTITIONS } from '../shared/infra/search-repository';

/**
 * bench:capacity — winter peak on the geo index, computed from the real key design over the
 * generated national data (15,500 homes), for two designs:
 *
 *   A. every search queries the geo index (gsi1, GEO#<geohash-4> partitions, sorted by geohash-7),
 *      one Query per covering cell, as homeKeys.geoPk/geoSk lay it out (and the same with
 *      geohash-5 partitions, the "finer keys" alternative);
 *   B. the design in use: an in-memory index per Lambda container, loaded from the region index
 *      (gsi5) and kept current from the changes feed (gsi7), so a search reads one postcode item.
 *
 * For each it prints the read units per second on the hottest partition key against DynamoDB's
 * 3,000 RCU per key per second, at 100 searches/s (a third in London) and at 3x that. Item sizes are
 * computed with DynamoDB's sizing rules from HOME items shaped like the ones the registry and the
 * bed-state service write (every attribute, index keys included), and eventually consistent reads
 * cost 0.5 RCU per 4 KB, rounded up per request. docs/capacity.md explains the figures.
 */

export const PARTITION_RCU_LIMIT = 3000;
const RCU_BYTES = 4096;
const EVENTUAL = 0.5;

// ---------------------------------------------------------------------------------------------
// The national data, and what homes hold in winter

export interface BenchHome {
  loc: GeneratedLocation;
  geohash: string;
  services: ServicesOfferedInput & { outOfHoursAdmissions: boolean };
  rows: BedStateRow[];
  /** Hours since the last update; null: never. */
  updatedHoursAgo: number | null;
}

const LANGUAGES = [
  'Polish',
  'Punjabi',
  'Urdu',
  'Gujarati',
  'Bengali',
  'Romanian',
  'Welsh',
  'Tagalog',
  'Hindi',
  'Somali',
];
const NOTE_WORDS = [
  'Hoist available',
  'Bariatric equipment',
  'Wheelchair accessible',
  'Lift to all floors',
  'Pets allowed',
  'Garden',
  'En-suite rooms',
  'Ground floor rooms',
];

/** The generated care homes with services and bed states, deterministic for a seed. */
/** The same homes scripts/generate.ts writes for these options (generateNational with locations = homes). */
export function benchHomes(options: { homes?: number; seed?: number } = {}): BenchHome[] {
  const homes = options.homes ?? 15_500;
  const seed = options.seed ?? 42;
  const { locations } = generateLocations({
    homes,
    locations: homes,
    seed,
    sharedDataDir: DEFAULT_SHARED_DATA_DIR,
  });
  const rand = createRng(seed ^ 0xbed5);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const out: BenchHome[] = [];
  for (const loc of locations) {
    if (loc.kind !== 'care-home' || loc.dormant) continue;
    const nursing = loc.serviceTypes.includes('Care home service with nursing' as never);
    const candidates: VacancyTypeCode[] = nursing
      ? ['general-nursing', 'dementia-nursing', 'general-residential', 'mental-health-nursing', 'ypd']
      : [
          'general-residential',
          'dementia-residential',
          'learning-disability-residential',
          'mental-health-residential',
          'community-care',
        ];
    const typeCount = 1 + Math.floor(rand() * 3);
    const vacancyTypes = VACANCY_TYPE_CODES.filter(
      (c) => candidates.slice(0, typeCount + 1).includes(c) && (c === candidates[0] || rand() < 0.6),
    );
    if (vacancyTypes.length === 0) vacancyTypes.push(candidates[0] as VacancyTypeCode);
    const shortStay = rand() < 0.45 ? SHORT_STAY_SERVICE_CODES.filter(() => rand() < 0.35) : [];
    const beds = loc.beds ?? 30;
    const rows: BedStateRow[] = vacancyTypes.map((vacancyType, i) => {
      const capacity = Math.max(
        1,
        Math.round(beds / vacancyTypes.length) + (i === 0 ? beds % vacancyTypes.length : 0),
      );
      const accepting = rand() < 0.45 ? Math.min(capacity, 1 + Math.floor(rand() * 3)) : 0;
      const reserved = rand() < 0.15 && capacity - accepting > 1 ? 1 : 0;
      const notAvailable = rand() < 0.05 && capacity - accepting - reserved > 1 ? 1 : 0;
      return {
        vacancyType,
        weeklyPriceFrom: Math.round((nursing ? 950 : 700) + rand() * 900),
        maximumCapacity: capacity,
        occupied: capacity - accepting - reserved - notAvailable,
        vacantReserved: reserved,
        vacantAccepting: accepting,
        vacantNotAvailable: notAvailable,
        notAvailableReason: notAvailable ? 'refurbishment' : null,
        flexible: rand() < 0.2,
      };
    });
    const r = rand();
    // ~60% update within 48 hours, as the national service saw; some never have.
    const updatedHoursAgo =
      r < 0.35 ? rand() * 24 : r < 0.6 ? 24 + rand() * 24 : r < 0.95 ? 48 + rand() * 24 * 20 : null;
    const notes = NOTE_WORDS.filter(() => rand() < 0.25).join('. ');
    out.push({
      loc,
      geohash: encodeGeohash(loc.lat, loc.lon, 9),
      services: {
        shortStayServices: shortStay,
        shortStayNone: shortStay.length === 0,
        vacancyTypes,
        languages: rand() < 0.3 ? [pick(LANGUAGES)] : [],
        notes,
        fundingSources: FUNDING_SOURCE_CODES.filter(() => rand() < 0.6),
        contracts: { localAuthority: rand() < 0.7, subIcb: rand() < 0.4 },
        outOfHoursAdmissions: rand() < 0.35,
      },
      rows,
      updatedHoursAgo,
    });
  }
  return out;
}

/** The whole HOME item as the registry and bed-state writers lay it out, for sizing. */
export function homeItem(h: BenchHome, nowMs: number): Record<string, unknown> {
  const { loc } = h;
  const at =
    h.updatedHoursAgo === null ? undefined : new Date(nowMs - h.updatedHoursAgo * 3_600_000).toISOString();
  const sk = homeKeys.areaSk(loc.name, loc.locationId);
  const actor = { sub: '6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f', email: 'manager@example-care-home.co.uk' };
  const state = { rows: h.rows, outOfHoursAdmissions: h.services.outOfHoursAdmissions };
  return {
    pk: homeKeys.pk(loc.locationId),
    sk: homeKeys.sk,
    entity: 'HOME',
    locationId: loc.locationId,
    providerId: loc.providerId,
    providerName: loc.providerName,
    name: loc.name,
    address: `${loc.street}, ${loc.line2}, ${loc.town}, ${loc.county}`,
    town: loc.town,
    county: loc.county,
    postcode: loc.postcode,
    latitude: loc.lat,
    longitude: loc.lon,
    geohash: h.geohash,
    locatedBy: 'record',
    region: loc.region,
    icbCode: loc.icbCode,
    icbName: loc.icbName,
    subIcbCode: loc.subIcbCode,
    subIcbName: loc.subIcbName,
    localAuthority: loc.localAuthority,
    registeredBeds: loc.beds,
    overallRating: loc.rating || 'Not yet rated',
    ratingDate: '2024-03-14',
    serviceTypes: loc.serviceTypes,
    specialisms: loc.userBands,
    regulatedActivities: loc.activities,
    brand: loc.brandName,
    brandId: loc.brandId,
    phone: loc.phone,
    website: loc.website,
    isCareHome: true,
    registrationStatus: 'registered',
    registrationDate: '2012-06-01',
    nameWords: loc.name.toLowerCase().split(/\s+/),
    registryStatus: 'active',
    registryHash: 'Vb3kQ9x2mPz8LwR4tYn1aC',
    registryCreatedAt: '2026-01-05T03:00:00.000Z',
    registryUpdatedAt: '2026-01-05T03:00:00.000Z',
    registrySource: 'hsca-active-locations.csv',
    registryRunId: '20260105T030000Z-abc123',
    gsi1pk: homeKeys.geoPk(h.geohash),
    gsi1sk: homeKeys.geoSk(h.geohash, loc.locationId),
    gsi2pk: homeKeys.laPk(loc.localAuthority),
    gsi2sk: sk,
    gsi3pk: homeKeys.subIcbPk(loc.subIcbCode),
    gsi3sk: sk,
    gsi4pk: homeKeys.icbPk(loc.icbCode),
    gsi4sk: sk,
    gsi5pk: homeKeys.regionPk(loc.region),
    gsi5sk: sk,
    gsi6pk: homeKeys.providerPk(loc.providerId),
    gsi6sk: sk,
    services: { ...h.services, outOfHoursAdmissions: undefined },
    servicesVersion: 3,
    servicesUpdatedAt: at,
    servicesUpdatedBy: actor,
    outOfHoursAdmissions: h.services.outOfHoursAdmissions,
    ...(at
      ? {
          bedState: h.rows,
          bedVersion: 57,
          admissionStatus: admissionStatus(state),
          bedTotals: bedStateTotals(state),
          bedUpdatedAt: at,
          bedUpdatedBy: actor,
          bedSource: 'web',
          bedSourceTime: at,
          bedChangedAt: at,
          bedUpdateCount: 57,
          bedConfirmCount: 12,
          gsi7pk: homeKeys.changesPk(at),
          gsi7sk: `${at}#${loc.locationId}`,
        }
      : {}),
    // About one home in ten carries an LA alert in winter.
    ...(loc.locationId.endsWith('7')
      ? {
          alerts: [
            {
              id: 'a1b2c3d4',
              text: 'Norovirus outbreak: no admissions to the ground floor until further notice',
              category: 'outbreak',
              expiresAt: '2026-12-24T00:00:00.000Z',
            },
          ],
        }
      : {}),
  };
}

/** DynamoDB item size: attribute names plus values, by the published sizing rules. */
export function itemSizeBytes(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits =
      String(Math.abs(value))
        .replace(/[.e+-]/g, '')
        .replace(/^0+/, '').length || 1;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    let s = 3;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      s += 1 + Buffer.byteLength(k, 'utf8') + valueSize(v);
    }
    return s;
  }
  return 0;
}

/** Read units of one request returning items of these sizes (eventually consistent). */
export function readUnits(totalBytes: number): number {
  return Math.max(1, Math.ceil(totalBytes / RCU_BYTES)) * EVENTUAL;
}

// ---------------------------------------------------------------------------------------------
// The searches: where from, how far

export interface BenchSearch {
  origin: BenchHome;
  postcode: string;
  lat: number;
  lon: number;
  radiusMiles: number;
  london: boolean;
  /** Query string of filters (without the area). */
  filters: string;
  /** Homes inside the radius (countHomesWithin). */
  homesWithin?: number;
}

const RADII: ReadonlyArray<[number, number]> = [
  [5, 0.25],
  [10, 0.35],
  [15, 0.12],
  [20, 0.13],
  [30, 0.08],
  [50, 0.07],
];

const FILTER_MIX: ReadonlyArray<[string, number]> = [
  // The form's defaults: long term, accepting today, updated in the last 7 days.
  ['acceptingToday=true&updatedWithin=7d', 0.3],
  ['acceptingToday=true&updatedWithin=7d&vacancyTypes=general-nursing,dementia-nursing', 0.12],
  ['acceptingToday=true&updatedWithin=7d&vacancyTypes=dementia-residential&maxWeeklyPrice=1200', 0.08],
  ['acceptingToday=true&updatedWithin=24h&outOfHours=true', 0.06],
  ['stay=short-stay&acceptingToday=true&updatedWithin=7d&vacancyTypes=discharge-to-assess', 0.1],
  ['acceptingToday=true&updatedWithin=7d&fundingSources=local-authority&contractLa=true', 0.08],
  ['acceptingToday=true&ratings=good,outstanding&updatedWithin=7d', 0.08],
  ['acceptingToday=true&notes=hoist&updatedWithin=any', 0.05],
  ['acceptingToday=true&languages=polish', 0.03],
  ['acceptingToday=false&updatedWithin=any', 0.05],
  ['acceptingToday=true&specialisms=dementia&serviceTypes=care-home-service-with-nursing', 0.05],
];

function weighted<T>(rand: () => number, table: ReadonlyArray<[T, number]>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of table) {
    r -= w;
    if (r <= 0) return v;
  }
  return (table[table.length - 1] as [T, number])[0];
}

/** A fixed, seeded mix: a third from London postcodes (as at winter peak), the rest from everywhere else. */
export function searchMix(homes: readonly BenchHome[], count: number, seed = 7): BenchSearch[] {
  const rand = createRng(seed);
  const london = homes.filter((h) => h.loc.region === 'London');
  const rest = homes.filter((h) => h.loc.region !== 'London');
  const out: BenchSearch[] = [];
  for (let i = 0; i < count; i++) {
    const inLondon = rand() < 1 / 3;
    const pool = inLondon ? london : rest;
    const origin = pool[Math.floor(rand() * pool.length)] as BenchHome;
    out.push({
      origin,
      postcode: origin.loc.postcode,
      lat: origin.loc.lat,
      lon: origin.loc.lon,
      radiusMiles: weighted(rand, RADII),
      london: inLondon,
      filters: weighted(rand, FILTER_MIX),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The designs

export interface KeyLoad {
  key: string;
  rcuPerSecond: number;
}

export interface DesignResult {
  name: string;
  /** Mean items read from DynamoDB per search. */
  itemsPerSearch: number;
  /** Mean homes inside the radius per search. */
  homesInRadius: number;
  hottest: KeyLoad;
  /** Next hottest keys, for the document. */
  top: KeyLoad[];
  notes: string[];
}

interface Indexed {
  home: BenchHome;
  bytes: number;
}

/**
 * Design A: the search queries the geo index directly. The covering cells are chosen as a
 * geo-index search would (the finest precision, 5 to 7, whose cover needs at most 64 cells, at least
 * the partition's own precision), one Query per cell: items read are every home in those cells.
 */
function directGeoDesign(
  homes: readonly Indexed[],
  searches: readonly BenchSearch[],
  rate: number,
  partitionPrecision: 4 | 5,
): DesignResult {
  const byCell = new Map<string, { count: number; bytes: number }>();
  for (const h of homes) {
    for (let p = partitionPrecision; p <= 7; p++) {
      const cell = h.home.geohash.slice(0, p);
      const sum = byCell.get(cell) ?? { count: 0, bytes: 0 };
      sum.count += 1;
      sum.bytes += h.bytes;
      byCell.set(cell, sum);
    }
  }
  const rcuByKey = new Map<string, number>();
  let items = 0;
  let inside = 0;
  for (const s of searches) {
    const precision = Math.min(7, Math.max(partitionPrecision, precisionForRadius(s.lat, s.radiusMiles, 64)));
    for (const cell of coverCircle(s.lat, s.lon, s.radiusMiles, precision)) {
      const sum = byCell.get(cell);
      if (!sum) continue;
      const key = partitionPrecision === 4 ? homeKeys.geoPk(cell) : `GEO#${cell.slice(0, 5)}`;
      items += sum.count;
      rcuByKey.set(key, (rcuByKey.get(key) ?? 0) + readUnits(sum.bytes));
    }
    inside += s.homesWithin ?? 0;
  }
  const loads = [...rcuByKey].map(([key, rcu]) => ({ key, rcuPerSecond: (rcu / searches.length) * rate }));
  loads.sort((a, b) => b.rcuPerSecond - a.rcuPerSecond);
  return {
    name: `A${partitionPrecision === 4 ? '' : "'"}: Query the geo index per search (GEO#<geohash-${partitionPrecision}>)`,
    itemsPerSearch: items / searches.length,
    homesInRadius: inside / searches.length,
    hottest: loads[0] ?? { key: '-', rcuPerSecond: 0 },
    top: loads.slice(0, 5),
    notes: [],
  };
}

/** Homes inside each search's radius (a latitude band first, so only nearby homes are measured). */
export function countHomesWithin(homes: readonly BenchHome[], searches: BenchSearch[]): void {
  const sorted = [...homes].sort((a, b) => a.loc.lat - b.loc.lat);
  const lats = sorted.map((h) => h.loc.lat);
  const lowerBound = (v: number) => {
    let lo = 0;
    let hi = lats.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((lats[mid] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const s of searches) {
    const dLat = s.radiusMiles / 69;
    const origin = { lat: s.lat, lon: s.lon };
    let n = 0;
    for (let i = lowerBound(s.lat - dLat); i < sorted.length; i++) {
      const h = sorted[i] as BenchHome;
      if (h.loc.lat > s.lat + dLat) break;
      if (haversineMiles(origin, { lat: h.loc.lat, lon: h.loc.lon }) <= s.radiusMiles) n++;
    }
    s.homesWithin = n;
  }
}

export interface MemoryDesignParams {
  /** Warm Lambda containers serving searches. */
  containers: number;
  /**
   * The index's staleness bound (SEARCH_REFRESH_SECONDS). A busy container reads the changes feed
   * ahead of it, every READ_AHEAD_FRACTION x refreshSeconds (shared/app/search/index-cache.ts).
   */
  refreshSeconds: number;
  lookbackSeconds: number;
  fullReloadSeconds: number;
  /** Provider updates per second entering the changes feed (peak). */
  updatesPerSecond: number;
  /** Containers cold-starting in the same second (scale-out burst). */
  coldStartsPerSecond: number;
}

/**
 * Design B (in use): per search, one POSTCODE item (worst case: every search from one hospital's
 * postcode); per container, a changes-feed read every 0.75 x refreshSeconds covering that + lookback
 * seconds of updates; a full reload of the ten region partitions every fullReloadSeconds and on
 * each cold start.
 */
function inMemoryDesign(
  homes: readonly Indexed[],
  searches: readonly BenchSearch[],
  rate: number,
  p: MemoryDesignParams,
): DesignResult {
  const meanBytes = homes.reduce((s, h) => s + h.bytes, 0) / homes.length;
  const postcodeItemBytes = 110;
  const loads: KeyLoad[] = [];
  const londonRate = (rate * searches.filter((s) => s.london).length) / searches.length;
  loads.push({
    key: 'POSTCODE#<one London hospital postcode> (worst case)',
    rcuPerSecond: londonRate * readUnits(postcodeItemBytes),
  });
  const everySeconds = p.refreshSeconds * READ_AHEAD_FRACTION;
  const feedItems = p.updatesPerSecond * (everySeconds + p.lookbackSeconds);
  const feedRcu = readUnits(feedItems * meanBytes);
  loads.push({
    key: homeKeys.changesPk(new Date().toISOString()),
    rcuPerSecond: (p.containers / everySeconds) * feedRcu,
  });
  const regionBytes = new Map<string, number>();
  for (const h of homes) {
    const key = homeKeys.regionPk(h.home.loc.region);
    regionBytes.set(key, (regionBytes.get(key) ?? 0) + h.bytes);
  }
  let burst: KeyLoad = { key: '-', rcuPerSecond: 0 };
  for (const key of REGION_PARTITIONS) {
    const bytes = regionBytes.get(key) ?? 0;
    // Queries return up to 1 MB per page; each page is charged on its own size.
    const pages = Math.max(1, Math.ceil(bytes / 1_000_000));
    const rcu = pages * readUnits(bytes / pages);
    loads.push({ key, rcuPerSecond: (p.containers / p.fullReloadSeconds) * rcu });
    const coldBurst = p.coldStartsPerSecond * rcu;
    if (coldBurst > burst.rcuPerSecond) burst = { key, rcuPerSecond: coldBurst };
  }
  loads.sort((a, b) => b.rcuPerSecond - a.rcuPerSecond);
  const inside = searches.reduce((sum, s) => sum + (s.homesWithin ?? 0), 0);
  const loadItems = homes.length;
  const amortised = 1 + (p.containers * (feedItems / everySeconds + loadItems / p.fullReloadSeconds)) / rate;
  return {
    name: 'B: in-memory index per container, refreshed from the changes feed (in use)',
    itemsPerSearch: amortised,
    homesInRadius: inside / searches.length,
    hottest: loads[0] ?? { key: '-', rcuPerSecond: 0 },
    top: loads.slice(0, 5),
    notes: [
      `cold-start burst: ${p.coldStartsPerSecond} containers loading in the same second read ${Math.round(burst.rcuPerSecond)} RCU from ${burst.key} (${pct(burst.rcuPerSecond)} of one second's limit): such loads are throttled and retried, so those cold starts take up to ${Math.max(1, Math.ceil(burst.rcuPerSecond / PARTITION_RCU_LIMIT))} s; steady cold starts (containers / lifetime) cost ~nothing`,
      `items per search = 1 postcode item + (${p.containers} containers x (${feedItems.toFixed(0)} feed items / ${everySeconds} s + ${loadItems} homes / ${p.fullReloadSeconds} s)) / ${rate} searches/s`,
    ],
  };
}

const pct = (rcu: number) => `${((rcu / PARTITION_RCU_LIMIT) * 100).toFixed(1)}%`;

export interface CapacityReport {
  homes: number;
  londonHomes: number;
  itemBytes: { mean: number; p95: number; max: number };
  rates: Array<{ rate: number; designs: DesignResult[] }>;
}

export function capacityReport(
  options: { homes?: number; searches?: number; seed?: number } = {},
): CapacityReport {
  const bench = benchHomes({ homes: options.homes, seed: options.seed });
  const nowMs = Date.parse('2026-01-12T09:00:00.000Z');
  const indexed: Indexed[] = bench.map((home) => ({ home, bytes: itemSizeBytes(homeItem(home, nowMs)) }));
  const sizes = indexed.map((i) => i.bytes).sort((a, b) => a - b);
  const searches = searchMix(bench, options.searches ?? 3000);
  countHomesWithin(bench, searches);
  const rates = [100, 300].map((rate) => {
    const scale = rate / 100;
    return {
      rate,
      designs: [
        directGeoDesign(indexed, searches, rate, 4),
        directGeoDesign(indexed, searches, rate, 5),
        inMemoryDesign(indexed, searches, rate, {
          // Little's law at a 60 ms p99 (auth, postcode lookup, search), times 3 for how Lambda spreads load.
          containers: Math.ceil(rate * 0.06 * 3),
          refreshSeconds: 2,
          lookbackSeconds: 3,
          fullReloadSeconds: 300,
          // Pessimistic: ~20x the mean winter morning rate, as when large providers bulk-upload at once.
          updatesPerSecond: 20,
          coldStartsPerSecond: 5 * scale,
        }),
      ],
    };
  });
  return {
    homes: bench.length,
    londonHomes: bench.filter((h) => h.loc.region === 'London').length,
    itemBytes: {
      mean: Math.round(sizes.reduce((s, v) => s + v, 0) / sizes.length),
      p95: sizes[Math.floor(sizes.length * 0.95)] ?? 0,
      max: sizes[sizes.length - 1] ?? 0,
    },
    rates,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const report = capacityReport();
  console.log(
    `bench:capacity — ${report.homes} homes (${report.londonHomes} in London), generated national data`,
  );
  console.log(
    `HOME item size (DynamoDB sizing rules, every attribute): mean ${report.itemBytes.mean} B, p95 ${report.itemBytes.p95} B, max ${report.itemBytes.max} B; ` +
      `eventually consistent read: 0.5 RCU per 4 KB per request`,
  );
  let verdict = '';
  for (const { rate, designs } of report.rates) {
    console.log(`\n${rate} searches/s nationally, a third from London (${(rate / 3).toFixed(0)}/s):`);
    for (const d of designs) {
      console.log(`  ${d.name}`);
      console.log(
        `    items read per search ${d.itemsPerSearch.toFixed(1)} (homes within radius ${d.homesInRadius.toFixed(1)}); hottest key ${d.hottest.key}: ${Math.round(d.hottest.rcuPerSecond)} RCU/s = ${pct(d.hottest.rcuPerSecond)} of ${PARTITION_RCU_LIMIT}`,
      );
      for (const k of d.top.slice(1, 4))
        console.log(`      next: ${k.key} ${Math.round(k.rcuPerSecond)} RCU/s (${pct(k.rcuPerSecond)})`);
      for (const n of d.notes) console.log(`    ${n}`);
    }
    const used = designs[designs.length - 1];
    if (used) {
      const share = used.hottest.rcuPerSecond / PARTITION_RCU_LIMIT;
      verdict += `\n  at ${rate}/s the design in use peaks at ${pct(used.hottest.rcuPerSecond)} of a key's limit (${used.hottest.key}): ${share <= 0.5 ? 'PASS' : 'FAIL'} (target <= 50%)`;
    }
  }
  console.log(`\nresult:${verdict}`);
  console.log(`(${Math.round(performance.now() - started)} ms)`);
}

const invoked = process.argv[1];
if (invoked && import.meta.url === pathToFileURL(resolve(invoked)).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
