import { describe, expect, it } from 'vitest';
import type { CareHomeRecord } from '../../../shared/domain/registry';
import { csv, readAll, readBytes, tempDir, unsupported, writeTemp } from './helpers';

// ---------------------------------------------------------------------------------------------
// HSCA Active Locations

const HSCA_HEADERS = [
  'Location ID',
  'Location HSCA start date',
  'Dormant (Y/N)',
  'Care home?',
  'Location Name',
  'Location Telephone Number',
  'Location Web Address',
  'Care homes beds',
  'Location Latest Overall Rating',
  'Publication Date',
  'Location Region',
  'Location Local Authority',
  'Location ONSPD CCG Code',
  'Location ONSPD CCG',
  'Location Street Address',
  'Location Address Line 2',
  'Location City',
  'Location County',
  'Location Postal Code',
  'Location Latitude',
  'Location Longitude',
  'Brand ID',
  'Brand Name',
  'Provider ID',
  'Provider Name',
  'Regulated activity - Accommodation for persons who require nursing or personal care',
  'Regulated activity - Treatment of disease, disorder or injury',
  'Regulated activity - Personal care',
  'Service type - Care home service with nursing',
  'Service type - Care home service without nursing',
  'Service type - Domiciliary care service',
  'Service user band - Dementia',
  'Service user band - Older People',
  'Service user band - Physical Disability',
];

const HSCA_ROWS: string[][] = [
  [
    '1-1000000001',
    '01/10/2010',
    'N',
    'Y',
    '  Oakwood Care Home ',
    '01234 567890',
    'www.oakwood.example',
    '64',
    'Requires Improvement',
    '14/03/2024',
    'East',
    'Norfolk',
    'E38000239',
    'NHS Norfolk and Waveney',
    '12 High Street',
    'Little Snoring\nNear Fakenham',
    'Fakenham',
    'Norfolk',
    'nr21 0aa',
    '52.8341',
    '0.8464',
    'BD101',
    'BRAND Oakleaf Care',
    '1-2000000001',
    'Oakleaf Care Limited',
    'Y',
    'Y',
    '',
    'Y',
    '',
    '',
    'Y',
    'Y',
    '',
  ],
  [
    '1-1000000002',
    '2015-06-01',
    'Y',
    'N',
    'Fakenham Home Care',
    '-',
    '-',
    '',
    'Good',
    '-',
    'East',
    'Norfolk',
    '-',
    '-',
    '1 Market Place',
    '',
    'Fakenham',
    '',
    'NR21 9BB',
    '52.83',
    '0.85',
    '-',
    '-',
    '1-2000000002',
    'Home Care Ltd',
    '',
    '',
    'Y',
    '',
    '',
    'Y',
    '',
    'Y',
    '',
  ],
  [
    '1-1000000003',
    '01/10/2010',
    'N',
    'Y',
    'Broken Beds House',
    '',
    '',
    'twelve',
    'Good',
    '01/01/2020',
    'East',
    'Norfolk',
    '',
    '',
    '3 Mill Lane',
    '',
    'Holt',
    '',
    'NR25 6AA',
    '',
    '',
    '',
    '',
    '1-2000000003',
    'Beds Ltd',
    'Y',
    '',
    '',
    '',
    'Y',
    '',
    '',
    '',
    '',
  ],
  [
    '',
    '01/10/2010',
    'N',
    'Y',
    'Nameless',
    '',
    '',
    '20',
    'Good',
    '',
    'East',
    'Norfolk',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '1-2000000004',
    'Some Provider',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    '1-1000000005',
    '5/6/2012 12:00:00 AM',
    'N',
    'Y',
    'Café Court – Annexe',
    '1603 123456',
    '',
    '30',
    '',
    '',
    'East',
    'Norfolk',
    'E38000239',
    'NHS Norfolk and Waveney',
    '5 Church Road',
    '',
    'Norwich',
    '',
    'NOT A POSTCODE',
    '-1.3',
    '52.6',
    '',
    '',
    '1-2000000001',
    'Oakleaf Care Limited',
    'Y',
    '',
    '',
    '',
    'Y',
    '',
    'Y',
    'Y',
    'Y',
  ],
];

const OAKWOOD: CareHomeRecord = {
  locationId: '1-1000000001',
  providerId: '1-2000000001',
  providerName: 'Oakleaf Care Limited',
  name: 'Oakwood Care Home',
  address: '12 High Street, Little Snoring, Near Fakenham, Fakenham, Norfolk',
  town: 'Fakenham',
  county: 'Norfolk',
  postcode: 'NR21 0AA',
  latitude: 52.8341,
  longitude: 0.8464,
  region: 'East of England',
  subIcb: { code: 'E38000239', name: 'NHS Norfolk and Waveney' },
  localAuthority: 'Norfolk',
  registeredBeds: 64,
  overallRating: 'Requires improvement',
  ratingDate: '2024-03-14',
  serviceTypes: ['Care home service with nursing'],
  specialisms: ['Caring for adults over 65 yrs', 'Dementia'],
  regulatedActivities: [
    'Accommodation for persons who require nursing or personal care',
    'Treatment of disease, disorder or injury',
  ],
  brand: 'Oakleaf Care',
  brandId: 'BD101',
  phone: '01234567890',
  website: 'www.oakwood.example',
  isCareHome: true,
  registrationStatus: 'registered',
  registrationDate: '2010-10-01',
};

const HOME_CARE: CareHomeRecord = {
  locationId: '1-1000000002',
  providerId: '1-2000000002',
  providerName: 'Home Care Ltd',
  name: 'Fakenham Home Care',
  address: '1 Market Place, Fakenham',
  town: 'Fakenham',
  postcode: 'NR21 9BB',
  latitude: 52.83,
  longitude: 0.85,
  region: 'East of England',
  localAuthority: 'Norfolk',
  overallRating: 'Good',
  serviceTypes: ['Domiciliary care service'],
  specialisms: ['Caring for adults over 65 yrs'],
  regulatedActivities: ['Personal care'],
  isCareHome: false,
  registrationStatus: 'dormant',
  registrationDate: '2015-06-01',
};

const CAFE: CareHomeRecord = {
  locationId: '1-1000000005',
  providerId: '1-2000000001',
  providerName: 'Oakleaf Care Limited',
  name: 'Café Court – Annexe',
  address: '5 Church Road, Norwich',
  town: 'Norwich',
  region: 'East of England',
  subIcb: { code: 'E38000239', name: 'NHS Norfolk and Waveney' },
  localAuthority: 'Norfolk',
  registeredBeds: 30,
  overallRating: 'Not yet rated',
  serviceTypes: ['Care home service without nursing'],
  specialisms: ['Caring for adults over 65 yrs', 'Dementia', 'Physical disabilities'],
  regulatedActivities: ['Accommodation for persons who require nursing or personal care'],
  phone: '01603123456',
  isCareHome: true,
  registrationStatus: 'registered',
  registrationDate: '2012-05-06',
};

const HSCA_ISSUES = [
  { line: 5, reason: "bed count 'twelve' is not a whole number", locationId: '1-1000000003' },
  { line: 6, reason: 'no location ID (the row describes a provider, not a location)' },
];

const HSCA_WARNINGS = [
  {
    line: 7,
    warnings: [
      "postcode 'NOT A POSTCODE' is not a valid UK postcode",
      'coordinates (-1.3, 52.6) are missing or outside the UK; dropped',
    ],
  },
];

function reorder(rows: string[][], order: number[]): string[][] {
  return rows.map((row) => order.map((i) => row[i] ?? ''));
}

describe('HSCA Active Locations layout (inline fixture)', () => {
  it('reads records, issues and warnings with their physical line numbers', async () => {
    const data = await readBytes(csv([HSCA_HEADERS, ...HSCA_ROWS]), 'HSCA_Active_Locations.csv');
    expect(data.layout).toBe('hsca-active-locations-csv');
    expect(data.records).toEqual([OAKWOOD, HOME_CARE, CAFE]);
    expect(data.issues).toEqual(HSCA_ISSUES);
    expect(data.warnings).toEqual(HSCA_WARNINGS);
    expect(data.items.map((i) => [i.line, i.index])).toEqual([
      [2, 1],
      [4, 2],
      [5, 3],
      [6, 4],
      [7, 5],
    ]);
  });

  describe('tolerates drifted files', () => {
    const base = { records: [OAKWOOD, HOME_CARE, CAFE], issues: HSCA_ISSUES };

    it('reordered columns', async () => {
      const order = HSCA_HEADERS.map((_, i) => HSCA_HEADERS.length - 1 - i);
      const data = await readBytes(csv(reorder([HSCA_HEADERS, ...HSCA_ROWS], order)));
      expect(data.records).toEqual(base.records);
      expect(data.issues).toEqual(base.issues);
    });

    it('renamed columns (names used by other CQC files and the API)', async () => {
      const renamed = HSCA_HEADERS.map(
        (h) =>
          ({
            'Location ID': 'CQC Location ID (for office use only)',
            'Care homes beds': 'Number of beds',
            'Location Postal Code': 'Postcode',
            'Provider ID': 'providerId',
            'Location Latitude': 'latitude',
            'Location Longitude': 'LONGITUDE',
            'Location Name': 'Name',
            'Dormant (Y/N)': 'Location Dormancy',
          })[h] ?? h,
      );
      const data = await readBytes(csv([renamed, ...HSCA_ROWS]));
      expect(data.records).toEqual(base.records);
      expect(data.issues).toEqual(base.issues);
    });

    it('title rows above the header, a BOM, CRLF line ends and padded or wrapped header cells', async () => {
      const headers = HSCA_HEADERS.map((h) =>
        h === 'Location Name'
          ? 'Location\nName'
          : h === 'Care homes beds'
            ? '  Care homes\r\nbeds  '
            : `  ${h} `,
      );
      const text = `\uFEFFCare Quality Commission,,\r\n"HSCA Active Locations, 1 June 2025"\r\n\r\n${csv([headers, ...HSCA_ROWS], '\r\n')}`;
      const data = await readBytes(text);
      expect(data.records).toEqual(base.records);
      // Three lines above the header, and the header itself now spans three lines.
      expect(data.issues.map((i) => i.line)).toEqual([10, 11]);
      expect(data.items[0]?.line).toBe(7);
    });

    it('tab-separated', async () => {
      const text = [HSCA_HEADERS, ...HSCA_ROWS]
        .map((row) => row.map((c) => (/[\t\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t'))
        .join('\n');
      const data = await readBytes(text, 'export.tsv');
      expect(data.records).toEqual(base.records);
    });

    it('Windows-1252 and UTF-16 encodings', async () => {
      const text = csv([HSCA_HEADERS, ...HSCA_ROWS]);
      const cp1252 = Buffer.from(text.replace(/\u2013/g, '\u0096'), 'latin1');
      const windows = await readBytes(cp1252);
      expect(windows.records).toEqual(base.records);
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const wide = await readBytes(utf16);
      expect(wide.records).toEqual(base.records);
    });

    it('a header row repeated mid-file (concatenated exports) is skipped', async () => {
      const data = await readBytes(
        csv([HSCA_HEADERS, ...HSCA_ROWS.slice(0, 2), HSCA_HEADERS, ...HSCA_ROWS.slice(2)]),
      );
      expect(data.records).toEqual(base.records);
      expect(data.issues).toHaveLength(2);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// CQC adult social care locations export

describe('adult social care locations export (inline fixture)', () => {
  const headers = [
    'Location Name',
    'Location ID',
    'Location telephone number',
    'Location Web Address',
    'Location Local Authority',
    'Location ADASS Region',
    'Service Types',
    'Care homes beds',
    'Location HSCA start date',
    'Location HSCA end date',
    'Dormant',
    'Location Latest Overall Rating',
    'Publication Date',
    'Service users supported',
    'Provider Name',
    'Provider ID',
    'Brand Name',
    'Brand ID',
  ];
  const rows = [
    [
      ' Meadow View',
      '1-3000000001',
      '1452471471',
      '',
      'Kent',
      'South East (ADASS Region)',
      'Care home service with nursing',
      '40',
      '2011-01-17',
      '',
      'N',
      'Requires Improvement',
      '6/26/2025 12:00:00 AM',
      'Caring for adults over 65 yrs, Dementia, Sensory impairment',
      'Meadow Ltd',
      '1-4000000001',
      'BRAND Meadow Group',
      'BD9',
    ],
    [
      'Kent Home Support',
      '1-3000000002',
      '',
      '',
      'Kent',
      'South East (ADASS Region)',
      'Domiciliary care service, Supported living service',
      '0',
      '2020-12-01',
      '2024-03-31',
      'Y',
      '',
      '12/1/2020 12:00:00 AM',
      'Learning Disabilities or autistic spectrum disorder',
      'Support Ltd',
      '1-4000000002',
      '',
      '',
    ],
  ];

  it('reads care homes by beds, US-style publication dates and end dates', async () => {
    const data = await readBytes(csv([headers, ...rows], '\r\n'), 'asc.csv');
    expect(data.layout).toBe('cqc-asc-locations-csv');
    expect(data.issues).toEqual([]);
    expect(data.records).toEqual([
      {
        locationId: '1-3000000001',
        providerId: '1-4000000001',
        providerName: 'Meadow Ltd',
        name: 'Meadow View',
        address: '',
        region: 'South East',
        localAuthority: 'Kent',
        registeredBeds: 40,
        overallRating: 'Requires improvement',
        ratingDate: '2025-06-26',
        serviceTypes: ['Care home service with nursing'],
        specialisms: ['Caring for adults over 65 yrs', 'Dementia', 'Sensory impairment'],
        regulatedActivities: [],
        brand: 'Meadow Group',
        brandId: 'BD9',
        phone: '01452471471',
        isCareHome: true,
        registrationStatus: 'registered',
        registrationDate: '2011-01-17',
      },
      {
        locationId: '1-3000000002',
        providerId: '1-4000000002',
        providerName: 'Support Ltd',
        name: 'Kent Home Support',
        address: '',
        region: 'South East',
        localAuthority: 'Kent',
        registeredBeds: 0,
        overallRating: 'Not yet rated',
        serviceTypes: ['Domiciliary care service', 'Supported living service'],
        specialisms: ['Learning disabilities'],
        regulatedActivities: [],
        isCareHome: false,
        registrationStatus: 'deregistered',
        registrationDate: '2020-12-01',
        deregistrationDate: '2024-03-31',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// CQC care directory

describe('care directory layout (inline fixture)', () => {
  const headers = [
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
  const rows = [
    [
      'Seaview Nursing Home',
      '1 Marine Parade',
      '',
      'Whitby',
      'North Yorkshire',
      'YO21 3PR',
      '01947 600000',
      '1-5000000001',
      '1-6000000001',
      'https://seaview.example',
      'North Yorkshire',
      'Yorkshire and The Humber',
      '2023-05-04T00:00:00Z',
      'https://www.cqc.org.uk/location/1-6000000001',
      '',
      'Accommodation for persons who require nursing or personal care,Treatment of disease, disorder or injury,Dementia,Caring for adults over 65 yrs',
      'Nursing homes,Residential homes',
      'Seaview Care Ltd',
    ],
    [
      'Seaview Care Ltd',
      '1 Marine Parade',
      '',
      'Whitby',
      '',
      'YO21 3PR',
      '',
      '1-5000000001',
      '',
      '',
      'North Yorkshire',
      'Yorkshire and The Humber',
      '',
      'https://www.cqc.org.uk/provider/1-5000000001',
      '',
      'Personal care',
      'Organisation',
      'Seaview Care Ltd',
    ],
  ];

  it('reads directory service types and splits activities out of the specialisms column', async () => {
    const data = await readBytes(csv([headers, ...rows]), 'directory.csv');
    expect(data.layout).toBe('cqc-directory-csv');
    expect(data.records).toEqual([
      {
        locationId: '1-6000000001',
        providerId: '1-5000000001',
        providerName: 'Seaview Care Ltd',
        name: 'Seaview Nursing Home',
        address: '1 Marine Parade, Whitby, North Yorkshire',
        town: 'Whitby',
        county: 'North Yorkshire',
        postcode: 'YO21 3PR',
        region: 'Yorkshire and the Humber',
        localAuthority: 'North Yorkshire',
        serviceTypes: ['Care home service with nursing', 'Care home service without nursing'],
        specialisms: ['Caring for adults over 65 yrs', 'Dementia'],
        regulatedActivities: [
          'Accommodation for persons who require nursing or personal care',
          'Treatment of disease, disorder or injury',
        ],
        phone: '01947600000',
        website: 'https://seaview.example',
        isCareHome: true,
        registrationStatus: 'registered',
      },
    ]);
    expect(data.issues).toEqual([
      { line: 3, reason: 'no location ID (the row describes a provider, not a location)' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// CQC API JSON

function apiLocation(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    locationId: id,
    providerId: '1-7000000001',
    name: `Home ${id}`,
    registrationStatus: 'Registered',
    registrationDate: '2012-03-04',
    dormancy: 'N',
    numberOfBeds: 25,
    postalAddressLine1: '2 Park Road',
    postalAddressTownCity: 'Leeds',
    postalCode: 'LS6 2AB',
    onspdLatitude: 53.82,
    onspdLongitude: -1.57,
    onspdCcgCode: 'E38000225',
    onspdCcgName: 'NHS Leeds CCG',
    onspdIcbCode: 'E54000054',
    onspdIcbName: 'NHS West Yorkshire Integrated Care Board',
    region: 'Yorkshire & Humberside',
    localAuthority: 'Leeds',
    careHome: 'Y',
    brandName: 'BRAND Park Homes',
    gacServiceTypes: [{ name: 'Residential homes', description: 'Care home service without nursing' }],
    specialisms: [{ name: 'Dementia' }],
    regulatedActivities: [
      { name: 'Accommodation for persons who require nursing or personal care', code: 'RA2' },
    ],
    currentRatings: { overall: { rating: 'Outstanding', reportDate: '2022-02-03' } },
    ...overrides,
  };
}

const LEEDS_HOME: CareHomeRecord = {
  locationId: '1-8000000001',
  providerId: '1-7000000001',
  name: 'Home 1-8000000001',
  address: '2 Park Road, Leeds',
  town: 'Leeds',
  postcode: 'LS6 2AB',
  latitude: 53.82,
  longitude: -1.57,
  region: 'Yorkshire and the Humber',
  icb: { code: 'E54000054', name: 'NHS West Yorkshire Integrated Care Board' },
  subIcb: { code: 'E38000225', name: 'NHS Leeds CCG' },
  localAuthority: 'Leeds',
  registeredBeds: 25,
  overallRating: 'Outstanding',
  ratingDate: '2022-02-03',
  serviceTypes: ['Care home service without nursing'],
  specialisms: ['Dementia'],
  regulatedActivities: ['Accommodation for persons who require nursing or personal care'],
  brand: 'Park Homes',
  isCareHome: true,
  registrationStatus: 'registered',
  registrationDate: '2012-03-04',
};

describe('CQC API JSON (inline fixtures)', () => {
  it('reads a single /locations/{id} response', async () => {
    const data = await readBytes(JSON.stringify(apiLocation('1-8000000001')), '1-8000000001.json');
    expect(data.layout).toBe('cqc-api-json');
    expect(data.records).toEqual([LEEDS_HOME]);
  });

  it('reads a pretty-printed array with each record at the line it starts on', async () => {
    const text = JSON.stringify(
      [
        apiLocation('1-8000000001'),
        apiLocation('1-8000000002', { numberOfBeds: 'lots' }),
        apiLocation('1-8000000003'),
      ],
      null,
      2,
    );
    const starts = text.split('\n').flatMap((line, i) => (line === '  {' ? [i + 1] : []));
    const data = await readBytes(text, 'locations.json');
    expect(data.items.map((i) => i.line)).toEqual(starts);
    expect(data.records.map((r) => r.locationId)).toEqual(['1-8000000001', '1-8000000003']);
    expect(data.issues).toEqual([
      {
        line: starts[1],
        reason: "record 2: bed count 'lots' is not a whole number",
        locationId: '1-8000000002',
        file: 'locations.json',
      },
    ]);
  });

  it('reads {req, loc, postcode} wrappers, filling gaps from the postcode lookup', async () => {
    const loc = apiLocation('1-8000000001', {
      onspdLatitude: undefined,
      onspdLongitude: undefined,
      region: undefined,
    });
    const wrapped = [
      {
        req: { locationId: '1-8000000001', postalCode: 'LS6 2AB' },
        loc,
        postcode: {
          status: 200,
          result: {
            postcode: 'LS6 2AB',
            latitude: 53.821,
            longitude: -1.571,
            region: 'Yorkshire and The Humber',
          },
        },
      },
    ];
    const data = await readBytes(JSON.stringify(wrapped), 'wrapped.json');
    expect(data.records[0]).toMatchObject({
      latitude: 53.821,
      longitude: -1.571,
      region: 'Yorkshire and the Humber',
    });
  });

  it('reads {"locations": [...]} and reports list-summary entries that need a detail fetch', async () => {
    const text = JSON.stringify({
      total: 2,
      locations: [
        apiLocation('1-8000000001'),
        { locationId: '1-8000000009', locationName: 'Summary Only', postalCode: 'LS1 1AA' },
      ],
    });
    const data = await readBytes(text, 'list.json');
    expect(data.records).toEqual([LEEDS_HOME]);
    expect(data.issues[0]?.reason).toMatch(/summary entry .* fetch \/locations\/\{id\}/);
    expect(data.issues[0]?.locationId).toBe('1-8000000009');
  });

  it('maps deregistered and dormant API statuses', async () => {
    const text = JSON.stringify([
      apiLocation('1-8000000001', {
        registrationStatus: 'Deregistered',
        deregistrationDate: '2019-09-30',
        dormancy: 'Y',
      }),
      apiLocation('1-8000000002', {
        dormancy: 'Y',
        careHome: 'N',
        currentRatings: { overall: { rating: 'No published rating' } },
      }),
    ]);
    const data = await readBytes(text, 'status.json');
    expect(
      data.records.map((r) => [r.registrationStatus, r.deregistrationDate, r.isCareHome, r.overallRating]),
    ).toEqual([
      ['deregistered', '2019-09-30', true, 'Outstanding'],
      ['dormant', undefined, false, 'Not yet rated'],
    ]);
  });

  it('reads newline-delimited JSON', async () => {
    const text = `${JSON.stringify(apiLocation('1-8000000001'))}\n\n${JSON.stringify(apiLocation('1-8000000002'))}\n`;
    const data = await readBytes(text, 'locations.ndjson');
    expect(data.items.map((i) => [i.line, i.record?.locationId])).toEqual([
      [1, '1-8000000001'],
      [3, '1-8000000002'],
    ]);
  });

  it('reads a folder of one-record files, reporting a bad file and carrying on', async () => {
    const dir = await tempDir('cqc-api-folder');
    await writeTemp(dir, '1-8000000001.json', JSON.stringify(apiLocation('1-8000000001')));
    await writeTemp(dir, '1-8000000002.json', '{"locationId": "1-8000000002", ');
    await writeTemp(
      dir,
      '1-8000000010.json',
      JSON.stringify({ req: {}, loc: apiLocation('1-8000000010'), postcode: {} }),
    );
    await writeTemp(dir, 'notes.txt', 'not read');
    const data = await readAll(dir);
    expect(data.layout).toBe('cqc-api-json');
    expect(data.records.map((r) => r.locationId)).toEqual(['1-8000000001', '1-8000000010']);
    expect(data.issues).toHaveLength(1);
    expect(data.issues[0]?.file).toBe('1-8000000002.json');
    expect(data.issues[0]?.reason).toMatch(/not valid JSON/);
    expect(data.items.map((i) => i.file)).toEqual([
      '1-8000000001.json',
      '1-8000000002.json',
      '1-8000000010.json',
    ]);
  });

  it('refuses a folder whose first file is not CQC data', async () => {
    const dir = await tempDir('cqc-api-wrong');
    await writeTemp(dir, 'a.json', JSON.stringify({ hello: 'world' }));
    await writeTemp(dir, 'b.json', JSON.stringify(apiLocation('1-8000000001')));
    const error = await unsupported(readAll(dir));
    expect(error.reason).toBe('not-cqc');
    expect(error.message).toMatch(/a\.json is JSON but not CQC location data/);
  });
});
