/**
 * National-scale synthetic CQC data in the real CQC file layouts, so that demos, benchmarks and
 * tests exercise the real ingestion path (sniffing, header matching, normalisation).
 *
 *   npx tsx scripts/generate.ts --homes 15500 [--locations 50000] [--seed 42] [--out .data/generated]
 *                               [--directory-rows 500] [--shared-data ../shared/data] [--builtin-geo]
 *
 * Writes <out>/hsca-active-locations.csv (every location, HSCA Active Locations layout with one-hot
 * service type / service user band / regulated activity columns), <out>/cqc-directory.csv (a
 * subset of the care homes in the care directory layout) and <out>/manifest.json (counts, seed).
 *
 * Geography: locations are scattered around real outward-code centroids from
 * shared/data/geo/outcode-centroids.csv when it is present (local authorities for London and
 * Greater Manchester boroughs from the LA boundaries file), weighted by region; otherwise around a
 * built-in list of English towns. Sub-ICB and ICB codes come from the nearest built-in town in
 * the same region: plausible, not authoritative. Everything is generated; nothing is a real home.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { haversineMiles } from '../shared/domain/geo/distance';
import { parseOutcodeCentroids } from '../shared/domain/geo/outcodes';
import { type EnglishRegion, isEnglishRegion } from '../shared/domain/geo/regions';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SHARED_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data');
export const HSCA_FILE_NAME = 'hsca-active-locations.csv';
export const DIRECTORY_FILE_NAME = 'cqc-directory.csv';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** sfc32 seeded through splitmix32: fast, and the same stream for the same seed on every platform. */
export function createRng(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

class Random {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  digits(n: number): string {
    let out = String(this.int(1, 9));
    while (out.length < n) out += String(this.int(0, 9));
    return out;
  }
}

/** Cumulative weights for repeated weighted picks. */
class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;
  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    let sum = 0;
    for (const item of items) {
      sum += Math.max(0, weight(item));
      this.cumulative.push(sum);
    }
    this.total = sum;
  }
  pick(rng: Random): T {
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    const item = this.items[lo];
    if (item === undefined) throw new Error('weighted pick from an empty list');
    return item;
  }
}

// ---------------------------------------------------------------------------------------------
// Geography

interface HealthArea {
  subIcbCode: string;
  subIcbName: string;
  icbCode: string;
  icbName: string;
}

/** A built-in English town with its local authority and (plausible) health geography. */
interface Anchor extends HealthArea {
  town: string;
  outcode: string;
  lat: number;
  lon: number;
  region: EnglishRegion;
  localAuthority: string;
}

const ICB: Readonly<Record<string, readonly [string, string]>> = {
  MSE: ['E54000026', 'NHS Mid and South Essex Integrated Care Board'],
  BLMK: ['E54000024', 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board'],
  CP: ['E54000056', 'NHS Cambridgeshire and Peterborough Integrated Care Board'],
  NWL: ['E54000027', 'NHS North West London Integrated Care Board'],
  NCL: ['E54000028', 'NHS North Central London Integrated Care Board'],
  NEL: ['E54000029', 'NHS North East London Integrated Care Board'],
  SEL: ['E54000030', 'NHS South East London Integrated Care Board'],
  SWL: ['E54000031', 'NHS South West London Integrated Care Board'],
  SY: ['E54000061', 'NHS South Yorkshire Integrated Care Board'],
  WY: ['E54000054', 'NHS West Yorkshire Integrated Care Board'],
  HNY: ['E54000051', 'NHS Humber and North Yorkshire Integrated Care Board'],
  DOR: ['E54000041', 'NHS Dorset Integrated Care Board'],
  LLR: ['E54000015', 'NHS Leicester, Leicestershire and Rutland Integrated Care Board'],
  SNEE: ['E54000023', 'NHS Suffolk and North East Essex Integrated Care Board'],
  HIOW: ['E54000042', 'NHS Hampshire and Isle of Wight Integrated Care Board'],
  CIOS: ['E54000036', 'NHS Cornwall and the Isles of Scilly Integrated Care Board'],
  CM: ['E54000008', 'NHS Cheshire and Merseyside Integrated Care Board'],
  NENC: ['E54000050', 'NHS North East and North Cumbria Integrated Care Board'],
  BOB: ['E54000044', 'NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board'],
  SOM: ['E54000038', 'NHS Somerset Integrated Care Board'],
  SSOT: ['E54000010', 'NHS Staffordshire and Stoke-on-Trent Integrated Care Board'],
  BC: ['E54000062', 'NHS Black Country Integrated Care Board'],
  BSOL: ['E54000055', 'NHS Birmingham and Solihull Integrated Care Board'],
  BNSSG: ['E54000039', 'NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board'],
  LSC: ['E54000048', 'NHS Lancashire and South Cumbria Integrated Care Board'],
  DDER: ['E54000058', 'NHS Derby and Derbyshire Integrated Care Board'],
  DEV: ['E54000037', 'NHS Devon Integrated Care Board'],
  BSW: ['E54000040', 'NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board'],
  SUS: ['E54000053', 'NHS Sussex Integrated Care Board'],
  HW: ['E54000019', 'NHS Herefordshire and Worcestershire Integrated Care Board'],
  KM: ['E54000032', 'NHS Kent and Medway Integrated Care Board'],
  LIN: ['E54000013', 'NHS Lincolnshire Integrated Care Board'],
  NW: ['E54000022', 'NHS Norfolk and Waveney Integrated Care Board'],
  NN: ['E54000060', 'NHS Nottingham and Nottinghamshire Integrated Care Board'],
  SH: ['E54000052', 'NHS Surrey Heartlands Integrated Care Board'],
  GM: ['E54000057', 'NHS Greater Manchester Integrated Care Board'],
  CW: ['E54000018', 'NHS Coventry and Warwickshire Integrated Care Board'],
  GLOS: ['E54000043', 'NHS Gloucestershire Integrated Care Board'],
  NHANTS: ['E54000059', 'NHS Northamptonshire Integrated Care Board'],
  HWE: ['E54000025', 'NHS Hertfordshire and West Essex Integrated Care Board'],
  FRIM: ['E54000034', 'NHS Frimley Integrated Care Board'],
  STW: ['E54000011', 'NHS Shropshire, Telford and Wrekin Integrated Care Board'],
};

type AnchorRow = readonly [
  town: string,
  outcode: string,
  lat: number,
  lon: number,
  region: EnglishRegion,
  la: string,
  subIcbCode: string,
  subIcbName: string,
  icb: keyof typeof ICB,
];

/* Town centroids with their local authority, sub-ICB (ONSPD CCG code) and ICB. */
const ANCHOR_ROWS: readonly AnchorRow[] = [
  [
    'Wickford',
    'SS12',
    51.607,
    0.523,
    'East of England',
    'Essex',
    'E38000007',
    'NHS Basildon and Brentwood',
    'MSE',
  ],
  ['Chelmsford', 'CM2', 51.701, 0.481, 'East of England', 'Essex', 'E38000106', 'NHS Mid Essex', 'MSE'],
  [
    'Southend-on-Sea',
    'SS0',
    51.536,
    0.698,
    'East of England',
    'Southend-on-Sea',
    'E38000168',
    'NHS Southend',
    'MSE',
  ],
  [
    'Leighton Buzzard',
    'LU7',
    51.908,
    -0.583,
    'East of England',
    'Central Bedfordshire',
    'E38000010',
    'NHS Bedfordshire',
    'BLMK',
  ],
  ['Luton', 'LU3', 51.917, -0.43, 'East of England', 'Luton', 'E38000102', 'NHS Luton', 'BLMK'],
  [
    'Peterborough',
    'PE7',
    52.544,
    -0.258,
    'East of England',
    'Peterborough',
    'E38000026',
    'NHS Cambridgeshire and Peterborough',
    'CP',
  ],
  [
    'Cambridge',
    'CB1',
    52.198,
    0.139,
    'East of England',
    'Cambridgeshire',
    'E38000026',
    'NHS Cambridgeshire and Peterborough',
    'CP',
  ],
  [
    'Woodbridge',
    'IP12',
    52.098,
    1.315,
    'East of England',
    'Suffolk',
    'E38000086',
    'NHS Ipswich and East Suffolk',
    'SNEE',
  ],
  [
    'Norwich',
    'NR1',
    52.628,
    1.298,
    'East of England',
    'Norfolk',
    'E38000239',
    'NHS Norfolk and Waveney',
    'NW',
  ],
  [
    "King's Lynn",
    'PE34',
    52.755,
    0.302,
    'East of England',
    'Norfolk',
    'E38000239',
    'NHS Norfolk and Waveney',
    'NW',
  ],
  [
    'St Albans',
    'AL1',
    51.75,
    -0.337,
    'East of England',
    'Hertfordshire',
    'E38000079',
    'NHS Herts Valleys',
    'HWE',
  ],
  [
    'Westminster',
    'W1F',
    51.511,
    -0.136,
    'London',
    'Westminster',
    'E38000256',
    'NHS North West London',
    'NWL',
  ],
  ['Ealing', 'W5', 51.513, -0.302, 'London', 'Ealing', 'E38000256', 'NHS North West London', 'NWL'],
  ['Harrow', 'HA1', 51.58, -0.335, 'London', 'Harrow', 'E38000256', 'NHS North West London', 'NWL'],
  ['Southgate', 'N14', 51.637, -0.139, 'London', 'Enfield', 'E38000240', 'NHS North Central London', 'NCL'],
  ['Finchley', 'N12', 51.614, -0.177, 'London', 'Barnet', 'E38000240', 'NHS North Central London', 'NCL'],
  [
    'Whitechapel',
    'E1',
    51.517,
    -0.06,
    'London',
    'Tower Hamlets',
    'E38000255',
    'NHS North East London',
    'NEL',
  ],
  ['Romford', 'RM1', 51.58, 0.183, 'London', 'Havering', 'E38000255', 'NHS North East London', 'NEL'],
  ['East Dulwich', 'SE22', 51.453, -0.07, 'London', 'Southwark', 'E38000244', 'NHS South East London', 'SEL'],
  ['Bromley', 'BR1', 51.406, 0.015, 'London', 'Bromley', 'E38000244', 'NHS South East London', 'SEL'],
  ['Purley', 'CR8', 51.341, -0.126, 'London', 'Croydon', 'E38000245', 'NHS South West London', 'SWL'],
  [
    'Kingston upon Thames',
    'KT1',
    51.41,
    -0.3,
    'London',
    'Kingston upon Thames',
    'E38000245',
    'NHS South West London',
    'SWL',
  ],
  [
    'Doncaster',
    'DN6',
    53.563,
    -1.193,
    'Yorkshire and the Humber',
    'Doncaster',
    'E38000044',
    'NHS Doncaster',
    'SY',
  ],
  [
    'Sheffield',
    'S7',
    53.359,
    -1.482,
    'Yorkshire and the Humber',
    'Sheffield',
    'E38000146',
    'NHS Sheffield',
    'SY',
  ],
  [
    'Huddersfield',
    'HD1',
    53.655,
    -1.787,
    'Yorkshire and the Humber',
    'Kirklees',
    'E38000064',
    'NHS Greater Huddersfield',
    'WY',
  ],
  [
    'Shipley',
    'BD17',
    53.855,
    -1.768,
    'Yorkshire and the Humber',
    'Bradford',
    'E38000232',
    'NHS Bradford District and Craven',
    'WY',
  ],
  ['Leeds', 'LS6', 53.82, -1.57, 'Yorkshire and the Humber', 'Leeds', 'E38000225', 'NHS Leeds', 'WY'],
  [
    'Wakefield',
    'WF1',
    53.683,
    -1.499,
    'Yorkshire and the Humber',
    'Wakefield',
    'E38000190',
    'NHS Wakefield',
    'WY',
  ],
  [
    'Bridlington',
    'YO15',
    54.087,
    -0.19,
    'Yorkshire and the Humber',
    'East Riding of Yorkshire',
    'E38000052',
    'NHS East Riding of Yorkshire',
    'HNY',
  ],
  [
    'Hull',
    'HU3',
    53.743,
    -0.365,
    'Yorkshire and the Humber',
    'Kingston upon Hull, City of',
    'E38000085',
    'NHS Hull',
    'HNY',
  ],
  [
    'Scarborough',
    'YO12',
    54.276,
    -0.413,
    'Yorkshire and the Humber',
    'North Yorkshire',
    'E38000241',
    'NHS North Yorkshire',
    'HNY',
  ],
  ['York', 'YO24', 53.948, -1.1, 'Yorkshire and the Humber', 'York', 'E38000188', 'NHS Vale of York', 'HNY'],
  ['Ringwood', 'BH24', 50.841, -1.83, 'South West', 'Dorset', 'E38000045', 'NHS Dorset', 'DOR'],
  [
    'Bournemouth',
    'BH1',
    50.722,
    -1.876,
    'South West',
    'Bournemouth, Christchurch and Poole',
    'E38000045',
    'NHS Dorset',
    'DOR',
  ],
  ['Par', 'PL24', 50.356, -4.702, 'South West', 'Cornwall', 'E38000089', 'NHS Kernow', 'CIOS'],
  ['Wellington', 'TA21', 50.976, -3.204, 'South West', 'Somerset', 'E38000150', 'NHS Somerset', 'SOM'],
  [
    'Bristol',
    'BS4',
    51.435,
    -2.567,
    'South West',
    'Bristol, City of',
    'E38000222',
    'NHS Bristol, North Somerset and South Gloucestershire',
    'BNSSG',
  ],
  ['Barnstaple', 'EX31', 51.087, -4.062, 'South West', 'Devon', 'E38000230', 'NHS Devon', 'DEV'],
  ['Exeter', 'EX4', 50.73, -3.53, 'South West', 'Devon', 'E38000230', 'NHS Devon', 'DEV'],
  ['Plymouth', 'PL4', 50.372, -4.131, 'South West', 'Plymouth', 'E38000230', 'NHS Devon', 'DEV'],
  [
    'Bath',
    'BA1',
    51.388,
    -2.395,
    'South West',
    'Bath and North East Somerset',
    'E38000231',
    'NHS Bath and North East Somerset, Swindon and Wiltshire',
    'BSW',
  ],
  [
    'Swindon',
    'SN1',
    51.558,
    -1.781,
    'South West',
    'Swindon',
    'E38000231',
    'NHS Bath and North East Somerset, Swindon and Wiltshire',
    'BSW',
  ],
  [
    'Gloucester',
    'GL1',
    51.864,
    -2.244,
    'South West',
    'Gloucestershire',
    'E38000062',
    'NHS Gloucestershire',
    'GLOS',
  ],
  [
    'Market Harborough',
    'LE16',
    52.478,
    -0.918,
    'East Midlands',
    'Leicestershire',
    'E38000051',
    'NHS East Leicestershire and Rutland',
    'LLR',
  ],
  [
    'Leicester',
    'LE3',
    52.634,
    -1.154,
    'East Midlands',
    'Leicester',
    'E38000097',
    'NHS Leicester City',
    'LLR',
  ],
  [
    'Syston',
    'LE7',
    52.728,
    -1.034,
    'East Midlands',
    'Leicestershire',
    'E38000201',
    'NHS West Leicestershire',
    'LLR',
  ],
  [
    'Alfreton',
    'DE55',
    53.099,
    -1.391,
    'East Midlands',
    'Derbyshire',
    'E38000229',
    'NHS Derby and Derbyshire',
    'DDER',
  ],
  ['Derby', 'DE1', 52.922, -1.476, 'East Midlands', 'Derby', 'E38000229', 'NHS Derby and Derbyshire', 'DDER'],
  ['Lincoln', 'LN1', 53.234, -0.545, 'East Midlands', 'Lincolnshire', 'E38000238', 'NHS Lincolnshire', 'LIN'],
  [
    'Holbeach',
    'PE12',
    52.846,
    0.114,
    'East Midlands',
    'Lincolnshire',
    'E38000238',
    'NHS Lincolnshire',
    'LIN',
  ],
  [
    'Nottingham',
    'NG6',
    53.012,
    -1.192,
    'East Midlands',
    'Nottingham',
    'E38000243',
    'NHS Nottingham and Nottinghamshire',
    'NN',
  ],
  [
    'Kettering',
    'NN15',
    52.397,
    -0.716,
    'East Midlands',
    'North Northamptonshire',
    'E38000242',
    'NHS Northamptonshire',
    'NHANTS',
  ],
  ['Ryde', 'PO33', 50.728, -1.176, 'South East', 'Isle of Wight', 'E38000087', 'NHS Isle of Wight', 'HIOW'],
  [
    'Emsworth',
    'PO10',
    50.848,
    -0.951,
    'South East',
    'Hampshire',
    'E38000154',
    'NHS South Eastern Hampshire',
    'HIOW',
  ],
  ['Southampton', 'SO15', 50.913, -1.42, 'South East', 'Southampton', 'E38000167', 'NHS Southampton', 'HIOW'],
  ['Bicester', 'OX27', 51.922, -1.139, 'South East', 'Oxfordshire', 'E38000136', 'NHS Oxfordshire', 'BOB'],
  ['Oxford', 'OX4', 51.738, -1.22, 'South East', 'Oxfordshire', 'E38000136', 'NHS Oxfordshire', 'BOB'],
  ['Woodley', 'RG5', 51.446, -0.903, 'South East', 'Wokingham', 'E38000221', 'NHS Berkshire West', 'BOB'],
  [
    'Milton Keynes',
    'MK9',
    52.041,
    -0.759,
    'South East',
    'Milton Keynes',
    'E38000117',
    'NHS Milton Keynes',
    'BLMK',
  ],
  [
    'Bexhill-on-Sea',
    'TN40',
    50.847,
    0.479,
    'South East',
    'East Sussex',
    'E38000235',
    'NHS East Sussex',
    'SUS',
  ],
  [
    'East Grinstead',
    'RH19',
    51.127,
    -0.01,
    'South East',
    'West Sussex',
    'E38000248',
    'NHS West Sussex',
    'SUS',
  ],
  [
    'Brighton',
    'BN1',
    50.828,
    -0.139,
    'South East',
    'Brighton and Hove',
    'E38000021',
    'NHS Brighton and Hove',
    'SUS',
  ],
  ['Chatham', 'ME4', 51.377, 0.523, 'South East', 'Medway', 'E38000237', 'NHS Kent and Medway', 'KM'],
  ['Canterbury', 'CT1', 51.28, 1.08, 'South East', 'Kent', 'E38000237', 'NHS Kent and Medway', 'KM'],
  ['Maidstone', 'ME15', 51.26, 0.535, 'South East', 'Kent', 'E38000237', 'NHS Kent and Medway', 'KM'],
  [
    'Sunbury-on-Thames',
    'TW16',
    51.403,
    -0.414,
    'South East',
    'Surrey',
    'E38000246',
    'NHS Surrey Heartlands',
    'SH',
  ],
  ['Camberley', 'GU15', 51.337, -0.742, 'South East', 'Surrey', 'E38000249', 'NHS Frimley', 'FRIM'],
  ['Liverpool', 'L24', 53.35, -2.858, 'North West', 'Liverpool', 'E38000101', 'NHS Liverpool', 'CM'],
  ['Prescot', 'L35', 53.41, -2.778, 'North West', 'St. Helens', 'E38000172', 'NHS St Helens', 'CM'],
  ['Lymm', 'WA13', 53.377, -2.491, 'North West', 'Warrington', 'E38000194', 'NHS Warrington', 'CM'],
  [
    'Chester',
    'CH2',
    53.2,
    -2.88,
    'North West',
    'Cheshire West and Chester',
    'E38000233',
    'NHS Cheshire',
    'CM',
  ],
  ['Preston', 'PR2', 53.77, -2.739, 'North West', 'Lancashire', 'E38000227', 'NHS Greater Preston', 'LSC'],
  ['Blackpool', 'FY1', 53.817, -3.05, 'North West', 'Blackpool', 'E38000015', 'NHS Blackpool', 'LSC'],
  ['Manchester', 'M14', 53.45, -2.22, 'North West', 'Manchester', 'E38000217', 'NHS Manchester', 'GM'],
  ['Stockport', 'SK2', 53.4, -2.147, 'North West', 'Stockport', 'E38000174', 'NHS Stockport', 'GM'],
  ['Bolton', 'BL1', 53.584, -2.43, 'North West', 'Bolton', 'E38000016', 'NHS Bolton', 'GM'],
  [
    'Alnwick',
    'NE66',
    55.46,
    -1.668,
    'North East',
    'Northumberland',
    'E38000130',
    'NHS Northumberland',
    'NENC',
  ],
  ['Sunderland', 'SR2', 54.898, -1.393, 'North East', 'Sunderland', 'E38000176', 'NHS Sunderland', 'NENC'],
  [
    'Gateshead',
    'NE11',
    54.964,
    -1.676,
    'North East',
    'Gateshead',
    'E38000212',
    'NHS Newcastle Gateshead',
    'NENC',
  ],
  [
    'Middlesbrough',
    'TS1',
    54.574,
    -1.235,
    'North East',
    'Middlesbrough',
    'E38000247',
    'NHS Tees Valley',
    'NENC',
  ],
  [
    'Stoke-on-Trent',
    'ST3',
    52.982,
    -2.089,
    'West Midlands',
    'Stoke-on-Trent',
    'E38000175',
    'NHS Stoke on Trent',
    'SSOT',
  ],
  [
    'Wolverhampton',
    'WV6',
    52.598,
    -2.165,
    'West Midlands',
    'Wolverhampton',
    'E38000210',
    'NHS Wolverhampton',
    'BC',
  ],
  [
    'Sutton Coldfield',
    'B74',
    52.571,
    -1.824,
    'West Midlands',
    'Birmingham',
    'E38000220',
    'NHS Birmingham and Solihull',
    'BSOL',
  ],
  [
    'Birmingham',
    'B15',
    52.466,
    -1.92,
    'West Midlands',
    'Birmingham',
    'E38000220',
    'NHS Birmingham and Solihull',
    'BSOL',
  ],
  [
    'Bromsgrove',
    'B60',
    52.323,
    -2.008,
    'West Midlands',
    'Worcestershire',
    'E38000236',
    'NHS Herefordshire and Worcestershire',
    'HW',
  ],
  ['Coventry', 'CV2', 52.42, -1.47, 'West Midlands', 'Coventry', 'E38000038', 'NHS Coventry and Rugby', 'CW'],
  [
    'Shrewsbury',
    'SY1',
    52.712,
    -2.749,
    'West Midlands',
    'Shropshire',
    'E38000257',
    'NHS Shropshire, Telford and Wrekin',
    'STW',
  ],
];

const ANCHORS: readonly Anchor[] = ANCHOR_ROWS.map(
  ([town, outcode, lat, lon, region, localAuthority, subIcbCode, subIcbName, icb]) => {
    const [icbCode, icbName] = ICB[icb] ?? ['', ''];
    return { town, outcode, lat, lon, region, localAuthority, subIcbCode, subIcbName, icbCode, icbName };
  },
);

/** Where generated locations are put: an outward code area with its administrative geography. */
interface Place extends HealthArea {
  outcode: string;
  lat: number;
  lon: number;
  /** Spread of locations around the centre, in degrees of latitude. */
  spread: number;
  town: string;
  county?: string;
  region: EnglishRegion;
  localAuthority: string;
}

/* Shares of England's care homes by region (CQC registrations, rounded), and of other locations. */
const CARE_HOME_REGION_SHARE: Readonly<Record<EnglishRegion, number>> = {
  'South East': 0.185,
  'North West': 0.125,
  'South West': 0.12,
  'East of England': 0.11,
  'West Midlands': 0.1,
  'Yorkshire and the Humber': 0.095,
  'East Midlands': 0.09,
  London: 0.085,
  'North East': 0.05,
};
const OTHER_REGION_SHARE: Readonly<Record<EnglishRegion, number>> = {
  London: 0.165,
  'South East': 0.16,
  'North West': 0.12,
  'East of England': 0.1,
  'West Midlands': 0.1,
  'Yorkshire and the Humber': 0.09,
  'South West': 0.09,
  'East Midlands': 0.08,
  'North East': 0.045,
};

/* Outcode list county names that differ from CQC's local authority names. */
const LA_RENAMES: Readonly<Record<string, string>> = {
  'City of Bristol': 'Bristol, City of',
  'City of Kingston-upon-Hull': 'Kingston upon Hull, City of',
  'Newcastle Upon Tyne': 'Newcastle upon Tyne',
  'St Helens': 'St. Helens',
  'Bedford Borough': 'Bedford',
  Bournemouth: 'Bournemouth, Christchurch and Poole',
  Poole: 'Bournemouth, Christchurch and Poole',
};

function nearest<T extends { lat: number; lon: number }>(
  items: readonly T[],
  lat: number,
  lon: number,
): T | undefined {
  let best: T | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const d = haversineMiles({ lat, lon }, item);
    if (d < bestDistance) {
      best = item;
      bestDistance = d;
    }
  }
  return best;
}

interface LadCentroid {
  name: string;
  code: string;
  lat: number;
  lon: number;
}

function readLadCentroids(path: string): LadCentroid[] {
  if (!existsSync(path)) return [];
  const geojson = JSON.parse(readFileSync(path, 'utf8')) as {
    features?: { properties?: Record<string, unknown> }[];
  };
  const out: LadCentroid[] = [];
  for (const feature of geojson.features ?? []) {
    const p = feature.properties ?? {};
    if (
      typeof p.LAD23CD === 'string' &&
      typeof p.LAD23NM === 'string' &&
      typeof p.LAT === 'number' &&
      typeof p.LONG === 'number'
    ) {
      out.push({ code: p.LAD23CD, name: p.LAD23NM, lat: p.LAT, lon: p.LONG });
    }
  }
  return out;
}

const GREATER_MANCHESTER_LADS = new Set(
  Array.from({ length: 10 }, (_, i) => `E080000${String(i + 1).padStart(2, '0')}`),
);

function localAuthorityFor(
  county: string | undefined,
  lat: number,
  lon: number,
  region: EnglishRegion,
  lads: readonly LadCentroid[],
): string {
  const byRegion = ANCHORS.filter((a) => a.region === region);
  const fallback = nearest(byRegion, lat, lon)?.localAuthority ?? 'Unknown';
  if (!county) return fallback;
  if (county === 'Greater London' || county === 'Greater Manchester') {
    const pool = lads.filter((l) =>
      county === 'Greater London' ? l.code.startsWith('E09') : GREATER_MANCHESTER_LADS.has(l.code),
    );
    return nearest(pool, lat, lon)?.name ?? fallback;
  }
  if (county === 'Cumbria') return lat > 54.55 ? 'Cumberland' : 'Westmorland and Furness';
  if (county === 'Northamptonshire') return lat > 52.33 ? 'North Northamptonshire' : 'West Northamptonshire';
  return LA_RENAMES[county] ?? county;
}

export type GeographySource = 'outcode-centroids' | 'built-in';

function loadPlaces(sharedDataDir: string | null): { places: Place[]; source: GeographySource } {
  const centroidPath = sharedDataDir ? join(sharedDataDir, 'geo', 'outcode-centroids.csv') : undefined;
  if (centroidPath && existsSync(centroidPath)) {
    const { centroids } = parseOutcodeCentroids(readFileSync(centroidPath, 'utf8'));
    const lads = readLadCentroids(join(sharedDataDir ?? '', 'geo', 'local-authority-boundaries.geojson'));
    const places: Place[] = [];
    for (const c of centroids) {
      if (c.country !== 'England') continue;
      // The list files Lincolnshire under Yorkshire; CQC has it in the East Midlands.
      const region = c.county === 'Lincolnshire' ? 'East Midlands' : c.region;
      if (!region || !isEnglishRegion(region)) continue;
      const anchor = nearest(
        ANCHORS.filter((a) => a.region === region),
        c.lat,
        c.lon,
      );
      if (!anchor) continue;
      places.push({
        outcode: c.outcode,
        lat: c.lat,
        lon: c.lon,
        spread: region === 'London' ? 0.006 : 0.014,
        town: c.town ?? anchor.town,
        county: c.county === 'Greater London' ? undefined : c.county,
        region,
        localAuthority: localAuthorityFor(c.county, c.lat, c.lon, region, lads),
        subIcbCode: anchor.subIcbCode,
        subIcbName: anchor.subIcbName,
        icbCode: anchor.icbCode,
        icbName: anchor.icbName,
      });
    }
    if (places.length > 0) return { places, source: 'outcode-centroids' };
  }
  return {
    places: ANCHORS.map((a) => ({ ...a, spread: a.region === 'London' ? 0.015 : 0.04 })),
    source: 'built-in',
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (HSCA one-hot column names)

const SERVICE_TYPES = [
  'Acute services with overnight beds',
  'Ambulance service',
  'Care home service with nursing',
  'Care home service without nursing',
  'Community health care services',
  'Dental service',
  'Diagnostic and/or screening service',
  'Doctors consultation service',
  'Doctors treatment service',
  'Domiciliary care service',
  'Extra Care housing services',
  'Hospice services',
  'Remote clinical advice service',
  'Shared Lives',
  'Supported living service',
  'Urgent care services',
] as const;

const USER_BANDS = [
  'Children 0-18 years',
  'Dementia',
  'Learning disabilities or autistic spectrum disorder',
  'Mental Health',
  'Older People',
  'People detained under the Mental Health Act',
  'People who misuse drugs and alcohol',
  'People with an eating disorder',
  'Physical Disability',
  'Sensory Impairment',
  'Whole Population',
  'Younger Adults',
] as const;

const ACTIVITIES = [
  'Accommodation for persons who require nursing or personal care',
  'Accommodation for persons who require treatment for substance misuse',
  'Assessment or medical treatment for persons detained under the Mental Health Act 1983',
  'Diagnostic and screening procedures',
  'Family planning services',
  'Management of supply of blood and blood derived products',
  'Maternity and midwifery services',
  'Nursing care',
  'Personal care',
  'Surgical procedures',
  'Termination of pregnancies',
  'Transport services, triage and medical advice provided remotely',
  'Treatment of disease, disorder or injury',
] as const;

type ServiceType = (typeof SERVICE_TYPES)[number];
type UserBand = (typeof USER_BANDS)[number];
type Activity = (typeof ACTIVITIES)[number];

/* The care directory's short names for the care home service types, and its specialism wording. */
const DIRECTORY_SERVICE_TYPE: Partial<Record<ServiceType, string>> = {
  'Care home service with nursing': 'Nursing homes',
  'Care home service without nursing': 'Residential homes',
};
const DIRECTORY_SPECIALISM: Readonly<Record<UserBand, string>> = {
  'Children 0-18 years': 'Caring for children (0 - 18yrs)',
  Dementia: 'Dementia',
  'Learning disabilities or autistic spectrum disorder': 'Learning disabilities',
  'Mental Health': 'Mental health conditions',
  'Older People': 'Caring for adults over 65 yrs',
  'People detained under the Mental Health Act':
    'Caring for people whose rights are restricted under the Mental Health Act',
  'People who misuse drugs and alcohol': 'Substance misuse problems',
  'People with an eating disorder': 'Eating disorders',
  'Physical Disability': 'Physical disabilities',
  'Sensory Impairment': 'Sensory impairments',
  'Whole Population': 'Services for everyone',
  'Younger Adults': 'Caring for adults under 65 yrs',
};

/* How CQC's HSCA file and care directory spell the regions. */
const CQC_REGION_NAME: Readonly<Record<EnglishRegion, string>> = {
  'North East': 'North East',
  'North West': 'North West',
  'Yorkshire and the Humber': 'Yorkshire and The Humber',
  'East Midlands': 'East Midlands',
  'West Midlands': 'West Midlands',
  'East of England': 'East',
  London: 'London',
  'South East': 'South East',
  'South West': 'South West',
};
const NHS_REGION: Readonly<Record<EnglishRegion, string>> = {
  'North East': 'North East and Yorkshire',
  'Yorkshire and the Humber': 'North East and Yorkshire',
  'North West': 'North West',
  'East Midlands': 'Midlands',
  'West Midlands': 'Midlands',
  'East of England': 'East of England',
  London: 'London',
  'South East': 'South East',
  'South West': 'South West',
};

// ---------------------------------------------------------------------------------------------
// Names

const HOME_PREFIXES = [
  'Oakwood',
  'Meadow View',
  'Rosewood',
  'Highfield',
  'Willow Bank',
  'The Beeches',
  "St Mary's",
  'Ashgrove',
  'Elmhurst',
  'Fernleigh',
  'Cedar Lodge',
  'Hillcrest',
  'Laurel',
  'Maple Court',
  'Orchard',
  'Primrose',
  'Riverside',
  'Springfield',
  'The Limes',
  'Thornbury',
  'Woodlands',
  'Brookside',
  'Cherry Trees',
  'Fairhaven',
  'Greenacres',
  'Hawthorn',
  'Ivy House',
  'Kingsley',
  'Lavender',
  'Millbrook',
  'Newlands',
  'Parkside',
  'Queens Court',
  'Redwood',
  'Sunnyside',
  'The Grange',
  'Victoria',
  'Westfield',
  'Abbeyfield',
  'Beechwood',
  'Birchwood',
  'Bramley',
  'Chestnut',
  'Church View',
  'Coppice',
  'Elmfield',
  'Foxhill',
  'Glenholme',
  'Harbour View',
  'Heathfield',
  'Holly Bank',
  'Langdale',
  'Linden',
  'Manor Park',
  'Moorland',
  'Oak Tree',
  'Pinewood',
  'Rowan',
  'Seaview',
  'Silverdale',
  'Stoneleigh',
  'Summerfield',
];
const HOME_SUFFIXES = [
  'Care Home',
  'Care Home',
  'Care Home',
  'Nursing Home',
  'House',
  'Lodge',
  'Manor',
  'Court',
  'Residential Home',
  'Hall',
];
const STREETS = [
  'High',
  'Station',
  'Church',
  'Park',
  'London',
  'Victoria',
  'Green',
  'Manor',
  'Mill',
  'School',
  'Queens',
  'Kings',
  'New',
  'Grange',
  'Chapel',
  'Main',
  'West',
  'North',
  'Albert',
  'Windsor',
  'Orchard',
  'Springfield',
  'Meadow',
  'Elm',
];
const STREET_KINDS = [
  'Road',
  'Street',
  'Lane',
  'Avenue',
  'Close',
  'Drive',
  'Way',
  'Gardens',
  'Crescent',
  'Hill',
];
const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Thomas',
  'Clarke',
  'Jackson',
  'Wood',
  'Khan',
  'Harris',
  'Edwards',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Hughes',
  'Moore',
  'Clark',
  'King',
  'Baker',
];
const FIRST_NAMES = [
  'Sarah',
  'Emma',
  'Claire',
  'David',
  'James',
  'Priya',
  'Helen',
  'Mark',
  'Julie',
  'Amandeep',
  'Grace',
  'Michael',
  'Joanne',
  'Tendai',
  'Paul',
  'Rachel',
  'Olumide',
  'Karen',
  'Andrew',
  'Fatima',
];
/* Fictional care groups; about 30% of homes belong to one. */
const BRANDS = [
  'Oakleaf Care Group',
  'Heritage Living',
  'Bluebell Healthcare',
  'Evergreen Care Homes',
  'Harbour Care',
  'Silver Birch Care',
  'Compass Lifecare',
  'Northern Lights Care',
  'Avalon Care Homes',
  'Kingfisher Healthcare',
  'Meadowbrook Care',
  'Sovereign Residential',
  'Cornerstone Care',
  'Lighthouse Living',
  'Beacon Care Partners',
  'Greenway Care',
  'Acorn Residential',
  'Summit Healthcare',
  'Hollybrook Care',
  'Westbury Care Group',
  'Riverdale Care',
  'Thistle & Rose Care',
  'Amberley Care',
  'Pennine Care Homes',
  'Solent Care Group',
];

// ---------------------------------------------------------------------------------------------
// Locations

type LocationKind =
  | 'care-home'
  | 'domiciliary'
  | 'supported-living'
  | 'gp'
  | 'dental'
  | 'community'
  | 'hospice';

export interface GeneratedLocation {
  locationId: string;
  providerId: string;
  providerName: string;
  kind: LocationKind;
  name: string;
  street: string;
  line2: string;
  town: string;
  county: string;
  postcode: string;
  lat: number;
  lon: number;
  region: EnglishRegion;
  localAuthority: string;
  subIcbCode: string;
  subIcbName: string;
  icbCode: string;
  icbName: string;
  beds?: number;
  /** '' for not yet rated. */
  rating: string;
  registrationDate: Date;
  publicationDate?: Date;
  dormant: boolean;
  brandId?: string;
  brandName?: string;
  phone: string;
  website?: string;
  manager: string;
  serviceTypes: ServiceType[];
  userBands: UserBand[];
  activities: Activity[];
}

const INWARD_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];
const PHONE_STARTS = ['1', '2'];
const TITLES = ['Mrs', 'Ms', 'Mr', 'Miss'];
const OTHER_PROVIDER_WORDS = ['Health', 'Care', 'Medical', 'Dental', 'Support'];
const COMPANY_SUFFIXES = ['Ltd', 'Limited', 'LLP', 'Partnership'];
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z]+/g, '');

function pickRating(rng: Random, careHome: boolean): string {
  const r = rng.float();
  if (careHome) {
    if (r < 0.7) return 'Good';
    if (r < 0.85) return 'Requires improvement';
    if (r < 0.9) return 'Outstanding';
    if (r < 0.92) return 'Inadequate';
    return '';
  }
  if (r < 0.62) return 'Good';
  if (r < 0.72) return 'Requires improvement';
  if (r < 0.77) return 'Outstanding';
  if (r < 0.785) return 'Inadequate';
  return '';
}

function randomDate(rng: Random, from: Date, to: Date): Date {
  const days = Math.floor((to.getTime() - from.getTime()) / 86_400_000);
  return new Date(from.getTime() + rng.int(0, days) * 86_400_000);
}

const HSCA_START = new Date(Date.UTC(2010, 9, 1));
const DATA_DATE = new Date(Date.UTC(2025, 5, 30));

function careHomeServices(rng: Random): Pick<
  GeneratedLocation,
  'serviceTypes' | 'userBands' | 'activities'
> & {
  nursing: boolean;
} {
  const nursing = rng.chance(0.33);
  const serviceTypes: ServiceType[] = [
    nursing ? 'Care home service with nursing' : 'Care home service without nursing',
  ];
  if (nursing && rng.chance(0.1)) serviceTypes.push('Care home service without nursing');
  const activities: Activity[] = ['Accommodation for persons who require nursing or personal care'];
  if (nursing) {
    activities.push('Treatment of disease, disorder or injury');
    if (rng.chance(0.6)) activities.push('Diagnostic and screening procedures');
  }
  const learningDisability = rng.chance(0.18);
  const bands = new Set<UserBand>();
  if (learningDisability) {
    bands.add('Learning disabilities or autistic spectrum disorder');
    bands.add('Younger Adults');
    if (rng.chance(0.4)) bands.add('Physical Disability');
    if (rng.chance(0.3)) bands.add('Mental Health');
    if (rng.chance(0.2)) bands.add('Sensory Impairment');
  } else {
    bands.add('Older People');
    if (rng.chance(nursing ? 0.75 : 0.6)) bands.add('Dementia');
    if (rng.chance(0.5)) bands.add('Physical Disability');
    if (rng.chance(0.3)) bands.add('Sensory Impairment');
    if (rng.chance(0.25)) bands.add('Mental Health');
    if (rng.chance(0.35)) bands.add('Younger Adults');
  }
  if (rng.chance(0.02)) bands.add('People detained under the Mental Health Act');
  if (rng.chance(0.02)) bands.add('People who misuse drugs and alcohol');
  return { serviceTypes, activities, userBands: USER_BANDS.filter((b) => bands.has(b)), nursing };
}

function otherKind(rng: Random): Exclude<LocationKind, 'care-home'> {
  const r = rng.float();
  if (r < 0.45) return 'domiciliary';
  if (r < 0.55) return 'supported-living';
  if (r < 0.75) return 'gp';
  if (r < 0.9) return 'dental';
  if (r < 0.96) return 'community';
  return 'hospice';
}

function otherServices(
  kind: Exclude<LocationKind, 'care-home'>,
  rng: Random,
): Pick<GeneratedLocation, 'serviceTypes' | 'userBands' | 'activities'> {
  switch (kind) {
    case 'domiciliary':
      return {
        serviceTypes: rng.chance(0.2)
          ? ['Domiciliary care service', 'Supported living service']
          : ['Domiciliary care service'],
        activities: ['Personal care'],
        userBands: USER_BANDS.filter(
          (b) =>
            b === 'Older People' ||
            b === 'Younger Adults' ||
            (b === 'Dementia' && rng.chance(0.7)) ||
            (b === 'Physical Disability' && rng.chance(0.6)),
        ),
      };
    case 'supported-living':
      return {
        serviceTypes: ['Supported living service'],
        activities: ['Personal care'],
        userBands: ['Learning disabilities or autistic spectrum disorder', 'Mental Health', 'Younger Adults'],
      };
    case 'gp':
      return {
        serviceTypes: ['Doctors consultation service', 'Doctors treatment service'],
        activities: [
          'Diagnostic and screening procedures',
          'Family planning services',
          'Maternity and midwifery services',
          'Surgical procedures',
          'Treatment of disease, disorder or injury',
        ],
        userBands: ['Whole Population'],
      };
    case 'dental':
      return {
        serviceTypes: ['Dental service'],
        activities: [
          'Diagnostic and screening procedures',
          'Surgical procedures',
          'Treatment of disease, disorder or injury',
        ],
        userBands: ['Whole Population'],
      };
    case 'community':
      return {
        serviceTypes: ['Community health care services'],
        activities: ['Treatment of disease, disorder or injury'],
        userBands: ['Whole Population'],
      };
    case 'hospice':
      return {
        serviceTypes: rng.chance(0.5) ? ['Hospice services'] : ['Acute services with overnight beds'],
        activities: ['Diagnostic and screening procedures', 'Treatment of disease, disorder or injury'],
        userBands: ['Older People', 'Younger Adults'],
      };
  }
}

function otherName(kind: Exclude<LocationKind, 'care-home'>, town: string, rng: Random): string {
  switch (kind) {
    case 'domiciliary':
      return rng.pick([
        `${town} Home Care`,
        `Caring Hands ${town}`,
        `${rng.pick(SURNAMES)} Homecare Services`,
        `Home Instead ${town}`,
      ]);
    case 'supported-living':
      return `${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)} Supported Living`;
    case 'gp':
      return rng.pick([
        `${rng.pick(STREETS)} Surgery`,
        `${town} Medical Centre`,
        `The ${rng.pick(SURNAMES)} Practice`,
      ]);
    case 'dental':
      return rng.pick([`${town} Dental Practice`, `${rng.pick(STREETS)} Dental Care`, `Smile ${town}`]);
    case 'community':
      return `${town} Community Health Services`;
    case 'hospice':
      return rng.pick([
        `St ${rng.pick(['Luke', 'Catherine', 'Michael', 'Anne'])}'s Hospice`,
        `${town} Community Hospital`,
      ]);
  }
}

class IdMaker {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}
  /** '1-' and 9 to 11 digits, unique within this run. */
  next(): string {
    for (;;) {
      const id = `1-${this.rng.digits(this.rng.int(9, 11))}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

interface Provider {
  id: string;
  name: string;
  remaining: number;
  brandId?: string;
  brandName?: string;
}

export interface GenerateOptions {
  /** Care homes to generate. Default 15,500 (England). */
  homes?: number;
  /** All locations, care homes included; the rest are other CQC services. Default homes x 3.2. */
  locations?: number;
  seed?: number;
  /** Output folder. Default .data/generated under the repository root. */
  outDir?: string;
  /** Folder with geo/outcode-centroids.csv; null forces the built-in town list. Default ../shared/data. */
  sharedDataDir?: string | null;
  /** Care homes also written in the care directory layout. Default 500; 0 writes no directory file. */
  directoryRows?: number;
}

export interface GenerateResult {
  outDir: string;
  hscaFile: string;
  directoryFile?: string;
  manifestFile: string;
  geography: GeographySource;
  seed: number;
  counts: {
    locations: number;
    careHomes: number;
    otherLocations: number;
    directoryRows: number;
    careHomesByRegion: Record<string, number>;
    careHomeBeds: number;
  };
  millis: number;
}

/** The locations themselves, deterministic for a seed. */
export function generateLocations(options: {
  homes: number;
  locations: number;
  seed: number;
  sharedDataDir: string | null;
}): { locations: GeneratedLocation[]; geography: GeographySource } {
  const rng = new Random(createRng(options.seed));
  const { places, source } = loadPlaces(options.sharedDataDir);
  const weightFor = (share: Readonly<Record<EnglishRegion, number>>) => {
    const perRegion = new Map<EnglishRegion, number>();
    for (const p of places) perRegion.set(p.region, (perRegion.get(p.region) ?? 0) + 1);
    return (p: Place) => {
      const central = p.localAuthority === 'City of London' ? 0.1 : 1;
      return ((share[p.region] ?? 0) / (perRegion.get(p.region) ?? 1)) * central;
    };
  };
  const homePlaces = new WeightedPicker(places, weightFor(CARE_HOME_REGION_SHARE));
  const otherPlaces = new WeightedPicker(places, weightFor(OTHER_REGION_SHARE));
  const locationIds = new IdMaker(rng);
  const providerIds = new IdMaker(rng);
  const brands = BRANDS.map((name, i): { provider: Provider } => ({
    provider: {
      id: providerIds.next(),
      name: `${name} Limited`,
      remaining: Number.POSITIVE_INFINITY,
      brandId: `BD${String(100 + i * 17)}`,
      brandName: name,
    },
  }));
  const brandPicker = new WeightedPicker(brands, (b) => 1 / (brands.indexOf(b) + 1) ** 0.8);
  let independent: Provider | undefined;
  let otherProvider: Provider | undefined;

  const total = Math.max(options.homes, options.locations);
  const locations: GeneratedLocation[] = [];
  for (let i = 0; i < total; i++) {
    const isHome = i < options.homes;
    const place = (isHome ? homePlaces : otherPlaces).pick(rng);
    const lat = place.lat + rng.normal() * place.spread;
    const lon = place.lon + (rng.normal() * place.spread) / Math.cos((place.lat * Math.PI) / 180);
    const postcode = `${place.outcode} ${rng.int(1, 9)}${rng.pick(INWARD_LETTERS)}${rng.pick(INWARD_LETTERS)}`;
    const registrationDate = rng.chance(0.3)
      ? HSCA_START
      : randomDate(rng, HSCA_START, new Date(Date.UTC(2024, 11, 31)));
    const rating = pickRating(rng, isHome);
    const publicationDate = rating ? randomDate(rng, registrationDate, DATA_DATE) : undefined;
    const street = `${rng.int(1, 240)} ${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)}`;
    // A few addresses carry a line break inside the quoted field, as CQC's own files sometimes do.
    const line2 = rng.chance(0.3)
      ? rng.chance(0.02)
        ? `${rng.pick(STREETS)} Estate\n${place.town} Village`
        : `${rng.pick(STREETS)} End`
      : '';
    const phone = `0${rng.pick(PHONE_STARTS)}${rng.digits(9)}`;
    const manager = `${rng.pick(SURNAMES)}, ${rng.pick(FIRST_NAMES)}, ${rng.pick(TITLES)}`;
    let kind: LocationKind;
    let provider: Provider;
    let name: string;
    let beds: number | undefined;
    let dormant: boolean;
    let website: string | undefined;
    let services: Pick<GeneratedLocation, 'serviceTypes' | 'userBands' | 'activities'>;
    if (isHome) {
      const home = careHomeServices(rng);
      services = home;
      kind = 'care-home';
      if (rng.chance(0.3)) {
        provider = brandPicker.pick(rng).provider;
      } else {
        if (!independent || independent.remaining <= 0) {
          const surname = rng.pick(SURNAMES);
          independent = {
            id: providerIds.next(),
            name: rng.pick([
              `${surname} Care Ltd`,
              `${surname} Healthcare Limited`,
              `${rng.pick(HOME_PREFIXES)} Care Services Ltd`,
            ]),
            remaining: rng.chance(0.7) ? 1 : rng.int(2, 6),
          };
        }
        independent.remaining--;
        provider = independent;
      }
      beds = Math.min(
        120,
        Math.max(10, Math.round(Math.exp(Math.log(home.nursing ? 52 : 32) + rng.normal() * 0.45))),
      );
      const suffix = home.nursing && rng.chance(0.5) ? 'Nursing Home' : rng.pick(HOME_SUFFIXES);
      name = `${rng.pick(HOME_PREFIXES)} ${suffix}`;
      dormant = rng.chance(0.003);
      website = provider.brandName
        ? `www.${slug(provider.brandName)}.co.uk`
        : rng.chance(0.4)
          ? `www.${slug(rng.pick(HOME_PREFIXES))}care.co.uk`
          : undefined;
    } else {
      const other = otherKind(rng);
      kind = other;
      if (!otherProvider || otherProvider.remaining <= 0) {
        otherProvider = {
          id: providerIds.next(),
          name: `${rng.pick(SURNAMES)} ${rng.pick(OTHER_PROVIDER_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`,
          remaining: rng.chance(0.75) ? 1 : rng.int(2, 4),
        };
      }
      otherProvider.remaining--;
      provider = otherProvider;
      name = otherName(other, place.town, rng);
      dormant = rng.chance(0.02);
      services = otherServices(other, rng);
    }
    // One object shape for every location (no spreads): cheaper to build and to hold 50,000 of.
    locations.push({
      locationId: locationIds.next(),
      providerId: provider.id,
      providerName: provider.name,
      kind,
      name,
      street,
      line2,
      town: place.town,
      county: place.county ?? '',
      postcode,
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      region: place.region,
      localAuthority: place.localAuthority,
      subIcbCode: place.subIcbCode,
      subIcbName: place.subIcbName,
      icbCode: place.icbCode,
      icbName: place.icbName,
      beds,
      rating,
      registrationDate,
      publicationDate,
      dormant,
      brandId: provider.brandId,
      brandName: provider.brandName,
      phone,
      website,
      manager,
      serviceTypes: services.serviceTypes,
      userBands: services.userBands,
      activities: services.activities,
    });
  }
  return { locations, geography: source };
}

// ---------------------------------------------------------------------------------------------
// Writing

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function ukDate(date: Date | undefined): string {
  if (!date) return '';
  const d = String(date.getUTCDate()).padStart(2, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${d}/${m}/${date.getUTCFullYear()}`;
}

const HSCA_FIXED_HEADERS = [
  'Location ID',
  'Location HSCA start date',
  'Dormant (Y/N)',
  'Care home?',
  'Location Name',
  'Location ODS Code',
  'Location Telephone Number',
  'Registered manager',
  'Location Web Address',
  'Care homes beds',
  'Location Type/Sector',
  'Location Inspection Directorate',
  'Location Primary Inspection Category',
  'Location Latest Overall Rating',
  'Publication Date',
  'Inherited Rating (Y/N)',
  'Location Region',
  'Location NHS Region',
  'Location Local Authority',
  'Location ONSPD CCG Code',
  'Location ONSPD CCG',
  'Location ICB Code',
  'Location ICB',
  'Location Street Address',
  'Location Address Line 2',
  'Location City',
  'Location County',
  'Location Postal Code',
  'Location UPRN ID',
  'Location Latitude',
  'Location Longitude',
  'Brand ID',
  'Brand Name',
  'Provider ID',
  'Provider Name',
];

export const HSCA_HEADERS: readonly string[] = [
  ...HSCA_FIXED_HEADERS,
  ...ACTIVITIES.map((a) => `Regulated activity - ${a}`),
  ...SERVICE_TYPES.map((s) => `Service type - ${s}`),
  ...USER_BANDS.map((b) => `Service user band - ${b}`),
];

const SECTOR: Readonly<Record<LocationKind, readonly [string, string, string]>> = {
  'care-home': ['Social Care Org', 'Adult social care', 'Residential social care'],
  domiciliary: ['Social Care Org', 'Adult social care', 'Community based adult social care services'],
  'supported-living': ['Social Care Org', 'Adult social care', 'Community based adult social care services'],
  gp: ['Primary Medical Services', 'Primary medical services', 'GP Practices'],
  dental: ['Primary Dental Care', 'Primary medical services', 'Dentists'],
  community: ['NHS Healthcare Organisation', 'Hospitals', 'Community health - NHS & Independent'],
  hospice: ['Independent Healthcare Org', 'Hospitals', 'Hospice services'],
};

function hscaRow(loc: GeneratedLocation, rng: Random): string {
  const [sector, directorate, category] = SECTOR[loc.kind];
  const fixed = [
    loc.locationId,
    ukDate(loc.registrationDate),
    loc.dormant ? 'Y' : 'N',
    loc.kind === 'care-home' ? 'Y' : 'N',
    loc.name,
    '-',
    loc.phone,
    loc.manager,
    loc.website ?? '-',
    loc.beds === undefined ? '' : String(loc.beds),
    sector,
    directorate,
    category,
    loc.rating,
    ukDate(loc.publicationDate),
    'N',
    CQC_REGION_NAME[loc.region],
    NHS_REGION[loc.region],
    loc.localAuthority,
    loc.subIcbCode,
    loc.subIcbName,
    loc.icbCode,
    loc.icbName,
    loc.street,
    loc.line2,
    loc.town,
    loc.county,
    loc.postcode,
    rng.digits(12),
    loc.lat.toFixed(6),
    loc.lon.toFixed(6),
    loc.brandId ?? '-',
    loc.brandName ? `BRAND ${loc.brandName}` : '-',
    loc.providerId,
    loc.providerName,
  ];
  const cells = [
    ...fixed,
    ...ACTIVITIES.map((a) => (loc.activities.includes(a) ? 'Y' : '')),
    ...SERVICE_TYPES.map((s) => (loc.serviceTypes.includes(s) ? 'Y' : '')),
    ...USER_BANDS.map((b) => (loc.userBands.includes(b) ? 'Y' : '')),
  ];
  return cells.map(csvCell).join(',');
}

export const DIRECTORY_HEADERS: readonly string[] = [
  'Name',
  'Address 1',
  'Address 2',
  'Town/City',
  'County',
  'Postcode',
  'Phone number',
  'CQC Provider ID (for office use only)',
  'CQC Location ID (for office use only)',
  'Website',
  'Local authority',
  'Region',
  'Report publication date',
  'URL',
  'Also known as',
  'Specialisms/services',
  'Service types',
  'Provider name',
];

function directoryRow(loc: GeneratedLocation): string {
  const specialisms = [
    ...loc.userBands.map((b) => DIRECTORY_SPECIALISM[b]),
    ...loc.activities.filter((a) => a === 'Accommodation for persons who require nursing or personal care'),
  ];
  const cells = [
    loc.name,
    loc.street,
    loc.line2.replace(/\n/g, ', '),
    loc.town,
    loc.county,
    loc.postcode,
    loc.phone,
    loc.providerId,
    loc.locationId,
    loc.website ? `https://${loc.website}` : '',
    loc.localAuthority,
    CQC_REGION_NAME[loc.region],
    loc.publicationDate ? `${loc.publicationDate.toISOString().slice(0, 10)}T00:00:00Z` : '',
    `https://www.cqc.org.uk/location/${loc.locationId}`,
    '',
    specialisms.join(','),
    loc.serviceTypes.map((s) => DIRECTORY_SERVICE_TYPE[s] ?? s).join(','),
    loc.providerName,
  ];
  return cells.map(csvCell).join(',');
}

/** Write national-scale data in the HSCA Active Locations and care directory layouts. */
export async function generateNational(options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = performance.now();
  const homes = options.homes ?? 15_500;
  const locationsWanted = options.locations ?? Math.round(homes * 3.2);
  const seed = options.seed ?? 42;
  const outDir = resolve(options.outDir ?? join(REPO_ROOT, '.data', 'generated'));
  const sharedDataDir = options.sharedDataDir === undefined ? DEFAULT_SHARED_DATA_DIR : options.sharedDataDir;
  if (!Number.isInteger(homes) || homes < 0)
    throw new RangeError(`homes must be a whole number, got ${homes}`);
  if (!Number.isInteger(locationsWanted) || locationsWanted < 0) {
    throw new RangeError(`locations must be a whole number, got ${locationsWanted}`);
  }

  const { locations, geography } = generateLocations({
    homes,
    locations: locationsWanted,
    seed,
    sharedDataDir,
  });
  // Row-level randomness (UPRNs) on its own stream, so the locations do not depend on writing.
  const rowRng = new Random(createRng(seed ^ 0x5eed));
  await mkdir(outDir, { recursive: true });

  const hscaFile = join(outDir, HSCA_FILE_NAME);
  // CQC's spreadsheet exports open with a byte order mark and use CRLF line ends.
  const hscaLines = [`\uFEFF${HSCA_HEADERS.map(csvCell).join(',')}`];
  for (const loc of locations) hscaLines.push(hscaRow(loc, rowRng));
  await writeFile(hscaFile, `${hscaLines.join('\r\n')}\r\n`, 'utf8');

  const directoryRows = Math.min(options.directoryRows ?? 500, homes);
  let directoryFile: string | undefined;
  if (directoryRows > 0) {
    directoryFile = join(outDir, DIRECTORY_FILE_NAME);
    const step = homes / directoryRows;
    const lines = [DIRECTORY_HEADERS.map(csvCell).join(',')];
    for (let i = 0; i < directoryRows; i++) {
      const loc = locations[Math.floor(i * step)];
      if (loc) lines.push(directoryRow(loc));
    }
    await writeFile(directoryFile, `${lines.join('\n')}\n`, 'utf8');
  }

  const careHomesByRegion: Record<string, number> = {};
  let careHomeBeds = 0;
  for (const loc of locations) {
    if (loc.kind !== 'care-home') continue;
    careHomesByRegion[loc.region] = (careHomesByRegion[loc.region] ?? 0) + 1;
    careHomeBeds += loc.beds ?? 0;
  }
  const counts = {
    locations: locations.length,
    careHomes: Math.min(homes, locations.length),
    otherLocations: locations.length - Math.min(homes, locations.length),
    directoryRows,
    careHomesByRegion,
    careHomeBeds,
  };
  const manifestFile = join(outDir, 'manifest.json');
  const digest = createHash('sha256').update(hscaLines.join('\n')).digest('hex').slice(0, 16);
  await writeFile(
    manifestFile,
    `${JSON.stringify({ seed, geography, files: { hsca: HSCA_FILE_NAME, directory: directoryFile ? DIRECTORY_FILE_NAME : null }, counts, hscaDigest: digest }, null, 2)}\n`,
  );
  return {
    outDir,
    hscaFile,
    directoryFile,
    manifestFile,
    geography,
    seed,
    counts,
    millis: Math.round(performance.now() - started),
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: readonly string[]): GenerateOptions {
  const options: GenerateOptions = {};
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a whole number, got '${value ?? ''}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--homes':
        options.homes = number(flag, value);
        i++;
        break;
      case '--locations':
        options.locations = number(flag, value);
        i++;
        break;
      case '--seed':
        options.seed = number(flag, value);
        i++;
        break;
      case '--out':
        if (!value) throw new Error('--out needs a folder');
        options.outDir = value;
        i++;
        break;
      case '--directory-rows':
        options.directoryRows = number(flag, value);
        i++;
        break;
      case '--shared-data':
        if (!value) throw new Error('--shared-data needs a folder');
        options.sharedDataDir = value;
        i++;
        break;
      case '--builtin-geo':
        options.sharedDataDir = null;
        break;
      default:
        throw new Error(`unknown option '${flag}'`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const result = await generateNational(parseArgs(process.argv.slice(2)));
  const { counts } = result;
  console.log(`geography: ${result.geography}; seed ${result.seed}; ${result.millis} ms`);
  console.log(
    `wrote ${result.hscaFile}: ${counts.locations} locations (${counts.careHomes} care homes with ${counts.careHomeBeds} beds, ${counts.otherLocations} other locations)`,
  );
  if (result.directoryFile) console.log(`wrote ${result.directoryFile}: ${counts.directoryRows} care homes`);
  console.log(`care homes by region: ${JSON.stringify(counts.careHomesByRegion)}`);
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
