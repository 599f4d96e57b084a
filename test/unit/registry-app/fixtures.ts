import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Small made-up CQC files in each layout the registry reads (ids 1-80000000xx are not issued by
 * CQC). Written by the tests into temp folders, with variations (changed values, drifted headers,
 * broken rows) built from the same locations.
 */
export interface FixtureLocation {
  id: string;
  name: string;
  providerId: string;
  providerName: string;
  la: string;
  region: string;
  postcode?: string;
  lat?: number;
  lon?: number;
  beds?: number;
  rating?: string;
  careHome: boolean;
  dormant?: boolean;
  serviceType: string;
  subIcbCode?: string;
  subIcbName?: string;
  icbCode?: string;
  icbName?: string;
  brand?: string;
}

export const LOCATIONS: FixtureLocation[] = [
  {
    id: '1-8000000001',
    name: 'The Willows Care Home',
    providerId: '1-8000000100',
    providerName: 'Willow Care Ltd',
    la: 'Leeds',
    region: 'Yorkshire and the Humber',
    postcode: 'LS1 4AP',
    lat: 53.7965,
    lon: -1.5478,
    beds: 40,
    rating: 'Good',
    careHome: true,
    serviceType: 'Care home service with nursing',
    subIcbCode: 'E38000225',
    subIcbName: 'NHS Leeds CCG',
    icbCode: 'E54000054',
    icbName: 'NHS West Yorkshire ICB',
    brand: 'Willow Homes',
  },
  {
    id: '1-8000000002',
    name: 'Abbey Court Nursing Home',
    providerId: '1-8000000100',
    providerName: 'Willow Care Ltd',
    la: 'Leeds',
    region: 'Yorkshire and the Humber',
    postcode: 'LS6 2AB',
    lat: 53.8195,
    lon: -1.5765,
    beds: 30,
    rating: 'Requires improvement',
    careHome: true,
    serviceType: 'Care home service with nursing',
    subIcbCode: 'E38000225',
    subIcbName: 'NHS Leeds CCG',
    icbCode: 'E54000054',
    icbName: 'NHS West Yorkshire ICB',
  },
  {
    id: '1-8000000003',
    name: 'Rose Lodge',
    providerId: '1-8000000200',
    providerName: 'Rose Homes Ltd',
    la: 'Kent',
    region: 'South East',
    postcode: 'CT1 1AA',
    lat: 51.2802,
    lon: 1.0789,
    beds: 20,
    rating: 'Outstanding',
    careHome: true,
    serviceType: 'Care home service without nursing',
    subIcbCode: 'E38000237',
    subIcbName: 'NHS Kent and Medway CCG',
    icbCode: 'E54000032',
    icbName: 'NHS Kent and Medway ICB',
  },
  {
    id: '1-8000000004',
    name: 'Helping Hands Leeds',
    providerId: '1-8000000300',
    providerName: 'Helping Hands Ltd',
    la: 'Leeds',
    region: 'Yorkshire and the Humber',
    postcode: 'LS2 7EW',
    lat: 53.8008,
    lon: -1.5491,
    careHome: false,
    serviceType: 'Domiciliary care service',
  },
  {
    id: '1-8000000005',
    name: 'Old Mill House',
    providerId: '1-8000000400',
    providerName: 'Mill Care Ltd',
    la: 'Kent',
    region: 'South East',
    postcode: 'CT2 7NZ',
    beds: 12,
    careHome: true,
    dormant: true,
    serviceType: 'Care home service without nursing',
  },
];

export const CARE_HOME_IDS = ['1-8000000001', '1-8000000002', '1-8000000003'];

const cell = (v: string | number | undefined) => {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells: ReadonlyArray<string | number | undefined>) => cells.map(cell).join(',');

/** CQC's adult social care locations export: no postcode, beds, ADASS region, M/D/YYYY dates. */
export function ascCsv(locs: readonly FixtureLocation[] = LOCATIONS): string {
  const header = [
    'Location Name',
    'Location ID',
    'Location Local Authority',
    'Location ADASS Region',
    'Primary inspection category',
    'Service Types',
    'Care homes beds',
    'Location HSCA start date',
    'Dormant',
    'Location Latest Overall Rating',
    'Publication Date',
    'Service users supported',
    'Provider Name',
    'Provider ID',
    'Brand Name',
  ];
  const rows = locs.map((l) =>
    line([
      ` ${l.name}`,
      l.id,
      l.la,
      `${l.region} (ADASS Region)`,
      l.careHome ? 'Residential social care' : 'Community based adult social care services',
      l.serviceType,
      l.beds ?? 0,
      '2015-03-01',
      l.dormant ? 'Y' : 'N',
      l.rating ?? '',
      l.rating ? '3/14/2024 12:00:00 AM' : '',
      'Dementia, Caring for adults over 65 yrs',
      l.providerName,
      l.providerId,
      l.brand ? `BRAND ${l.brand}` : '-',
    ]),
  );
  return `${[line(header), ...rows].join('\r\n')}\r\n`;
}

/** The care directory layout: postcodes and address lines, no beds or ratings. */
export function directoryCsv(locs: readonly FixtureLocation[] = LOCATIONS): string {
  const header = [
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
  const rows = locs.map((l) =>
    line([
      l.name,
      `${l.id.slice(-2)} High Street`,
      '',
      l.la,
      '',
      l.postcode,
      '0113 000 0000',
      l.providerId,
      l.id,
      '',
      l.la,
      l.region,
      '',
      `https://www.cqc.org.uk/location/${l.id}`,
      '',
      'Dementia,Caring for adults over 65 yrs',
      l.careHome ? 'Care home service with nursing' : 'Homecare agencies',
      l.providerName,
    ]),
  );
  return `${[line(header), ...rows].join('\n')}\n`;
}

const HSCA_HEADER = [
  'Location ID',
  'Location HSCA start date',
  'Dormant (Y/N)',
  'Care home?',
  'Location Name',
  'Care homes beds',
  'Location Latest Overall Rating',
  'Publication Date',
  'Location Region',
  'Location Local Authority',
  'Location ONSPD CCG Code',
  'Location ONSPD CCG',
  'Location ICB Code',
  'Location ICB',
  'Location Street Address',
  'Location City',
  'Location Postal Code',
  'Location Latitude',
  'Location Longitude',
  'Brand Name',
  'Provider ID',
  'Provider Name',
  'Service type - Care home service with nursing',
  'Service type - Care home service without nursing',
  'Service type - Domiciliary care service',
  'Service user band - Dementia',
  'Regulated activity - Accommodation for persons who require nursing or personal care',
];

/** The HSCA active locations layout: coordinates, health geography, one-hot service columns. */
export function hscaCsv(
  locs: readonly FixtureLocation[] = LOCATIONS,
  opts: { header?: readonly string[]; preamble?: string } = {},
): string {
  const rows = locs.map((l) =>
    line([
      l.id,
      '01/03/2015',
      l.dormant ? 'Y' : 'N',
      l.careHome ? 'Y' : 'N',
      l.name,
      l.beds ?? '',
      l.rating ?? '',
      l.rating ? '14/03/2024' : '',
      l.region,
      l.la,
      l.subIcbCode ?? '',
      l.subIcbName ?? '',
      l.icbCode ?? '',
      l.icbName ?? '',
      `${l.id.slice(-2)} High Street`,
      l.la,
      l.postcode ?? '',
      l.lat ?? '',
      l.lon ?? '',
      l.brand ? `BRAND ${l.brand}` : '-',
      l.providerId,
      l.providerName,
      l.serviceType === 'Care home service with nursing' ? 'Y' : '',
      l.serviceType === 'Care home service without nursing' ? 'Y' : '',
      l.serviceType === 'Domiciliary care service' ? 'Y' : '',
      'Y',
      l.careHome ? 'Y' : '',
    ]),
  );
  return `${opts.preamble ?? ''}${[line(opts.header ?? HSCA_HEADER), ...rows].join('\r\n')}\r\n`;
}

/**
 * The same HSCA data as a later release might publish it: a title row above the header, columns
 * renamed (ONSPD -> sub-ICB, "Care home?" -> "Care home"), reordered, with a line break inside a
 * header cell and an extra column nobody asked for.
 */
export function driftedHscaCsv(locs: readonly FixtureLocation[] = LOCATIONS): string {
  const header = [
    'Provider Name',
    'Provider ID',
    'Location Name',
    'Location ID',
    'Care home',
    'Dormant (Y/N)',
    'Care homes\nbeds',
    'Location Latest Overall Rating',
    'Location Region',
    'Location Local Authority',
    'Location Sub-ICB Code',
    'Location Sub-ICB Name',
    'Location Postal Code',
    'Location Latitude',
    'Location Longitude',
    'Something new this month',
    'Service type - Care home service with nursing',
    'Service type - Care home service without nursing',
  ];
  const rows = locs.map((l) =>
    line([
      l.providerName,
      l.providerId,
      l.name,
      l.id,
      l.careHome ? 'Y' : 'N',
      l.dormant ? 'Y' : 'N',
      l.beds ?? '-',
      l.rating ?? '-',
      l.region,
      l.la,
      l.subIcbCode ?? '-',
      l.subIcbName ?? '-',
      l.postcode ?? '-',
      l.lat ?? '-',
      l.lon ?? '-',
      'x',
      l.serviceType === 'Care home service with nursing' ? 'Y' : 'N',
      l.serviceType === 'Care home service without nursing' ? 'Y' : 'N',
    ]),
  );
  return `"Care Quality Commission: active locations, published this month"\n\n${[line(header), ...rows].join('\n')}\n`;
}

/** A CQC API `/locations/{id}` body for a fixture location. */
export function apiLocation(
  l: FixtureLocation,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    locationId: l.id,
    providerId: l.providerId,
    organisationType: 'Location',
    type: 'Social Care Org',
    name: l.name,
    onspdCcgCode: l.subIcbCode,
    onspdCcgName: l.subIcbName,
    onspdIcbCode: l.icbCode,
    onspdIcbName: l.icbName,
    registrationStatus: 'Registered',
    registrationDate: '2015-03-01',
    dormancy: l.dormant ? 'Y' : 'N',
    numberOfBeds: l.beds ?? 0,
    postalAddressLine1: `${l.id.slice(-2)} High Street`,
    postalAddressTownCity: l.la,
    region: l.region,
    postalCode: l.postcode,
    onspdLatitude: l.lat,
    onspdLongitude: l.lon,
    careHome: l.careHome ? 'Y' : 'N',
    localAuthority: l.la,
    regulatedActivities: l.careHome
      ? [{ name: 'Accommodation for persons who require nursing or personal care', code: 'RA2' }]
      : [{ name: 'Personal care', code: 'RA1' }],
    gacServiceTypes: [
      { name: l.careHome ? 'Nursing homes' : 'Homecare agencies', description: l.serviceType },
    ],
    specialisms: [{ name: 'Dementia' }],
    currentRatings: l.rating ? { overall: { rating: l.rating, reportDate: '2024-03-14' } } : {},
    ...overrides,
  };
}

export function apiJson(locs: readonly FixtureLocation[] = LOCATIONS): string {
  return JSON.stringify(
    locs.map((l) => apiLocation(l)),
    null,
    1,
  );
}

export async function writeFixture(name: string, content: string | Buffer, dir?: string): Promise<string> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'cct-registry-')));
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

export const with_ = (id: string, change: Partial<FixtureLocation>): FixtureLocation[] =>
  LOCATIONS.map((l) => (l.id === id ? { ...l, ...change } : l));
