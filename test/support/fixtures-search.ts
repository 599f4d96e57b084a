import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createBedStateService } from '../../shared/app/bed-state/update-bed-state';
import { runCqcIngestion, runOutcodeIngestion } from '../../shared/app/registry/runs';
import { itemsSource } from '../../shared/app/registry/sources';
import type { CareHomeRecord, OverallRating } from '../../shared/domain/registry/types';
import type { HomeAlert, SearchHomeInput } from '../../shared/domain/search';
import type { BedStateRow, ServicesOfferedInput, VacancyTypeCode } from '../../shared/domain/vacancy';
import { blankRow } from '../../shared/domain/vacancy/derived';
import { awsClients } from '../../shared/infra/aws';
import { DynamoBedStateStore } from '../../shared/infra/bed-state-repository';
import { DynamoGeoRepository } from '../../shared/infra/geo-repository';
import { DynamoHomesRepository } from '../../shared/infra/homes-repository';
import { homeKeys } from '../../shared/infra/keys';
import { DynamoRegistryRunRepository } from '../../shared/infra/registry-runs-repository';

/**
 * Care homes for the search tests, each built to test one or more filters, around the centroid of
 * outward code B97 (Redditch), in Leeds, and one in London. Distances are north-south offsets from
 * the centroid (1 degree of latitude is 69.09 miles on the service's sphere), so the order by
 * distance is known in advance. Written through the real write paths: CQC ingestion for the
 * registry facts, the bed-state service (with a clock set back) for services and figures.
 */

export const B97_CENTROID = { lat: 52.3, lon: -1.96 };
const MILES_PER_DEGREE_LAT = 69.0934;

export interface FixtureHome {
  key: string;
  record: CareHomeRecord;
  services?: ServicesOfferedInput & { outOfHoursAdmissions: boolean };
  rows?: Array<Partial<BedStateRow> & { vacancyType: VacancyTypeCode }>;
  /** Hours before "now" of the last update; undefined: never updated. */
  updatedHoursAgo?: number;
  alerts?: Array<Omit<HomeAlert, 'expiresAt'> & { expiresInHours?: number }>;
}

const WORCS = {
  localAuthority: 'Worcestershire',
  region: 'West Midlands',
  subIcb: { code: 'E38000236', name: 'NHS Herefordshire and Worcestershire ICB - 18C' },
  icb: { code: 'E54000066', name: 'NHS Herefordshire and Worcestershire Integrated Care Board' },
};
const LEEDS = {
  localAuthority: 'Leeds',
  region: 'Yorkshire and the Humber',
  subIcb: { code: 'E38000225', name: 'NHS West Yorkshire ICB - 15F' },
  icb: { code: 'E54000054', name: 'NHS West Yorkshire Integrated Care Board' },
};

function record(
  id: string,
  name: string,
  place: typeof WORCS,
  position: { lat: number; lon: number },
  postcode: string,
  extra: Partial<CareHomeRecord> = {},
): CareHomeRecord {
  return {
    locationId: id,
    providerId: `1-P${id.slice(2)}`,
    providerName: `${name} Ltd`,
    name,
    address: `1 High Street, ${place.localAuthority}`,
    postcode,
    latitude: position.lat,
    longitude: position.lon,
    region: place.region,
    icb: place.icb,
    subIcb: place.subIcb,
    localAuthority: place.localAuthority,
    registeredBeds: 40,
    overallRating: 'Good' as OverallRating,
    ratingDate: '2024-05-01',
    serviceTypes: ['Care home service without nursing'],
    specialisms: ['Caring for adults over 65 yrs'],
    regulatedActivities: ['Accommodation for persons who require nursing or personal care'],
    phone: '01527 000000',
    website: `https://example.org/${id}`,
    isCareHome: true,
    registrationStatus: 'registered',
    ...extra,
  };
}

/** Due north of the B97 centroid by `miles`. */
export function north(miles: number): { lat: number; lon: number } {
  return { lat: B97_CENTROID.lat + miles / MILES_PER_DEGREE_LAT, lon: B97_CENTROID.lon };
}

const services = (
  over: Partial<ServicesOfferedInput> & { vacancyTypes: VacancyTypeCode[]; outOfHoursAdmissions: boolean },
): ServicesOfferedInput & { outOfHoursAdmissions: boolean } => ({
  shortStayServices: [],
  shortStayNone: true,
  languages: [],
  notes: '',
  fundingSources: [],
  contracts: { localAuthority: false, subIcb: false },
  ...over,
});

export const FIXTURE_HOMES: readonly FixtureHome[] = [
  {
    key: 'alder',
    record: record('1-8000000001', 'Alder House', WORCS, north(0.7), 'B97 4AA', {
      brand: 'Acorn Care',
      specialisms: ['Dementia', 'Caring for adults over 65 yrs'],
    }),
    services: services({
      vacancyTypes: ['general-residential', 'dementia-residential'],
      shortStayNone: false,
      shortStayServices: ['respite-care'],
      languages: ['Polish'],
      notes: 'Hoist and bariatric bed available. Pets allowed.',
      fundingSources: ['local-authority', 'private'],
      contracts: { localAuthority: true, subIcb: false },
      outOfHoursAdmissions: true,
    }),
    rows: [
      {
        vacancyType: 'general-residential',
        weeklyPriceFrom: 850,
        maximumCapacity: 20,
        occupied: 18,
        vacantAccepting: 2,
      },
      { vacancyType: 'dementia-residential', weeklyPriceFrom: 950, maximumCapacity: 10, occupied: 10 },
    ],
    updatedHoursAgo: 2,
    alerts: [
      { id: 'alert-1', text: 'Visiting restricted until further notice', category: 'visiting' },
      { id: 'alert-old', text: 'Expired alert', expiresInHours: -1 },
    ],
  },
  {
    key: 'birch',
    record: record('1-8000000002', 'Birch Lodge', WORCS, north(2.1), 'B97 5BB', {
      overallRating: 'Outstanding',
      serviceTypes: ['Care home service with nursing'],
      specialisms: ['Physical disabilities', 'Caring for adults over 65 yrs'],
    }),
    services: services({
      vacancyTypes: ['general-nursing'],
      shortStayNone: false,
      shortStayServices: ['discharge-to-assess', 'intermediate-care'],
      languages: ['Punjabi', 'Urdu'],
      notes: 'Wheelchair accessible throughout, lift to all floors',
      fundingSources: ['sub-icb', 'personal-health-budget'],
      contracts: { localAuthority: false, subIcb: true },
      outOfHoursAdmissions: false,
    }),
    rows: [
      {
        vacancyType: 'general-nursing',
        weeklyPriceFrom: 1200,
        maximumCapacity: 30,
        occupied: 29,
        vacantAccepting: 1,
      },
    ],
    updatedHoursAgo: 30,
  },
  {
    key: 'cedar',
    record: record('1-8000000003', 'Cedar Court', WORCS, north(4.1), 'B97 6CC', {
      brand: 'Acorn Care',
      overallRating: 'Requires improvement',
      serviceTypes: ['Care home service with nursing'],
      specialisms: ['Dementia'],
    }),
    services: services({
      vacancyTypes: ['dementia-nursing'],
      fundingSources: ['local-authority'],
      outOfHoursAdmissions: true,
    }),
    rows: [
      {
        vacancyType: 'dementia-nursing',
        weeklyPriceFrom: 1450,
        maximumCapacity: 25,
        occupied: 22,
        vacantAccepting: 3,
        flexible: true,
      },
    ],
    updatedHoursAgo: 5 * 24,
  },
  {
    key: 'damson',
    // Text a spreadsheet would run as a formula, in every exported text column it can reach.
    record: record(
      '1-8000000004',
      '=HYPERLINK("http://example.invalid","Damson View")',
      WORCS,
      north(6.9),
      'B97 7DD',
      {
        providerName: '+44 Care Ltd',
        brand: '@Home Care',
        address: '-Flat 1, Damson Road',
      },
    ),
    services: services({ vacancyTypes: ['general-residential'], outOfHoursAdmissions: false }),
    rows: [{ vacancyType: 'general-residential', weeklyPriceFrom: 700, maximumCapacity: 12, occupied: 12 }],
    updatedHoursAgo: 1,
    alerts: [{ id: 'alert-formula', text: '=1+2 call before visiting' }],
  },
  {
    key: 'elm',
    record: record('1-8000000005', 'Elm Grange', WORCS, north(-9), 'B97 8EE', {
      overallRating: 'Inadequate',
    }),
    services: services({ vacancyTypes: ['general-residential'], outOfHoursAdmissions: false }),
    // Services offered, never updated.
  },
  {
    key: 'fir',
    record: record('1-8000000006', 'Fir Tree House', WORCS, north(13.8), 'B98 1FF'),
    services: services({ vacancyTypes: ['general-residential'], outOfHoursAdmissions: true }),
    rows: [
      {
        vacancyType: 'general-residential',
        weeklyPriceFrom: 900,
        maximumCapacity: 20,
        occupied: 16,
        vacantAccepting: 4,
      },
    ],
    updatedHoursAgo: 10 * 24,
  },
  {
    key: 'ginkgo',
    record: record('1-8000000007', 'Ginkgo House', LEEDS, { lat: 53.8, lon: -1.55 }, 'LS1 1GG'),
    services: services({ vacancyTypes: ['general-residential'], outOfHoursAdmissions: true }),
    rows: [
      {
        vacancyType: 'general-residential',
        weeklyPriceFrom: 800,
        maximumCapacity: 20,
        occupied: 19,
        vacantAccepting: 1,
      },
    ],
    updatedHoursAgo: 20,
  },
  {
    key: 'hazel',
    record: record('1-8000000008', 'Hazel Park', LEEDS, { lat: 53.81, lon: -1.56 }, 'LS2 2HH'),
    services: services({ vacancyTypes: ['general-residential'], outOfHoursAdmissions: true }),
    rows: [
      {
        vacancyType: 'general-residential',
        weeklyPriceFrom: 780,
        maximumCapacity: 20,
        occupied: 18,
        vacantAccepting: 2,
      },
    ],
    updatedHoursAgo: 3,
  },
  {
    key: 'ivy',
    record: record(
      '1-8000000009',
      'Ivy Lodge',
      { ...WORCS, localAuthority: 'Westminster', region: 'London' },
      { lat: 51.5, lon: -0.14 },
      'SW1A 1AA',
    ),
    services: services({ vacancyTypes: ['general-residential'], outOfHoursAdmissions: true }),
    rows: [
      {
        vacancyType: 'general-residential',
        weeklyPriceFrom: 1500,
        maximumCapacity: 20,
        occupied: 18,
        vacantAccepting: 2,
      },
    ],
    updatedHoursAgo: 1,
  },
];

export const fixtureId = (key: string): string => {
  const home = FIXTURE_HOMES.find((h) => h.key === key);
  if (!home) throw new Error(`no fixture home ${key}`);
  return home.record.locationId;
};

const OUTCODES_CSV = [
  'postcode,latitude,longitude,town,region,uk_region,country,country_string',
  `B97,${B97_CENTROID.lat},${B97_CENTROID.lon},Redditch,Worcestershire,West Midlands,ENG,England`,
  'LS1,53.7965,-1.5478,Leeds,West Yorkshire,Yorkshire and the Humber,ENG,England',
  'ZE1,60.15,-1.15,Lerwick,Shetland Islands,Scotland,SCT,Scotland',
].join('\n');

function fullRow(row: Partial<BedStateRow> & { vacancyType: VacancyTypeCode }): BedStateRow {
  return { ...blankRow(row.vacancyType), ...row };
}

function alertsAt(home: FixtureHome, nowMs: number): HomeAlert[] {
  return (home.alerts ?? []).map(({ expiresInHours, ...a }) =>
    expiresInHours === undefined
      ? a
      : { ...a, expiresAt: new Date(nowMs + expiresInHours * 3_600_000).toISOString() },
  );
}

/** The same homes as the search index would hold them, for unit tests that need no table. */
export function fixtureSearchInputs(
  nowMs: number,
  homes: readonly FixtureHome[] = FIXTURE_HOMES,
): SearchHomeInput[] {
  return homes.map((h) => {
    const r = h.record;
    return {
      locationId: r.locationId,
      name: r.name,
      providerId: r.providerId,
      providerName: r.providerName,
      brand: r.brand,
      address: r.address,
      postcode: r.postcode,
      latitude: r.latitude,
      longitude: r.longitude,
      localAuthority: r.localAuthority,
      subIcbCode: r.subIcb?.code,
      subIcbName: r.subIcb?.name,
      icbCode: r.icb?.code,
      icbName: r.icb?.name,
      region: r.region,
      registeredBeds: r.registeredBeds,
      overallRating: r.overallRating,
      ratingDate: r.ratingDate,
      serviceTypes: r.serviceTypes,
      specialisms: r.specialisms,
      regulatedActivities: r.regulatedActivities,
      phone: r.phone,
      website: r.website,
      services: h.services
        ? {
            shortStayServices: h.services.shortStayServices ?? [],
            shortStayNone: h.services.shortStayNone ?? false,
            vacancyTypes: h.services.vacancyTypes,
            languages: h.services.languages ?? [],
            notes: h.services.notes ?? '',
            fundingSources: h.services.fundingSources ?? [],
            contracts: h.services.contracts,
          }
        : null,
      bedRows: h.rows && h.updatedHoursAgo !== undefined ? h.rows.map(fullRow) : null,
      outOfHoursAdmissions: h.services?.outOfHoursAdmissions ?? null,
      bedUpdatedAt:
        h.updatedHoursAgo === undefined
          ? null
          : new Date(nowMs - h.updatedHoursAgo * 3_600_000).toISOString(),
      alerts: alertsAt(h, nowMs),
    };
  });
}

const ACTOR = { sub: 'fixture', email: 'fixture@example.org' };

/**
 * Writes the homes into the table the app is configured for (startTestService / useTestTable set
 * it): outcode centroids and CQC records through ingestion, then services and figures through the
 * bed-state service at the time each home last updated, then alerts (until the alerts feature
 * writes them, directly as the attribute the description gives).
 */
export async function writeSearchFixtures(
  nowMs: number = Date.now(),
  homes: readonly FixtureHome[] = FIXTURE_HOMES,
): Promise<void> {
  const { ddb, config } = awsClients();
  const table = config.TABLE_NAME;
  const registry = {
    homes: new DynamoHomesRepository(ddb, table),
    geo: new DynamoGeoRepository(ddb, table),
    runs: new DynamoRegistryRunRepository(ddb, table),
  };
  await runOutcodeIngestion({ name: 'fixture-outcodes.csv', text: OUTCODES_CSV }, registry, {
    trigger: 'seed',
  });
  const report = await runCqcIngestion(
    [
      itemsSource(
        'fixture-homes',
        homes.map((h, i) => ({ line: i + 1, index: i + 1, file: 'fixture-homes', record: h.record })),
      ),
    ],
    registry,
    { trigger: 'seed' },
  );
  if (report.status !== 'succeeded') throw new Error(`fixture ingestion failed: ${report.error ?? ''}`);

  const store = new DynamoBedStateStore(ddb, table);
  for (const h of homes) {
    if (!h.services) continue;
    const at = new Date(nowMs - (h.updatedHoursAgo ?? 24 * 30) * 3_600_000);
    const service = createBedStateService({ store, now: () => at });
    const id = h.record.locationId;
    const saved = await service.updateServices({
      locationId: id,
      input: h.services,
      expectedVersion: 'current',
      actor: ACTOR,
      source: 'web',
    });
    if (saved.kind !== 'applied' && saved.kind !== 'unchanged') {
      throw new Error(`fixture services for ${id}: ${JSON.stringify(saved)}`);
    }
    if (h.rows && h.updatedHoursAgo !== undefined) {
      const updated = await service.updateBedState({
        locationId: id,
        input: { rows: h.rows.map(fullRow), outOfHoursAdmissions: h.services.outOfHoursAdmissions },
        expectedVersion: 'current',
        actor: ACTOR,
        source: 'web',
      });
      if (updated.kind !== 'applied' && updated.kind !== 'unchanged') {
        throw new Error(`fixture bed state for ${id}: ${JSON.stringify(updated)}`);
      }
    }
  }
  for (const h of homes) {
    if (!h.alerts) continue;
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: homeKeys.pk(h.record.locationId), sk: homeKeys.sk },
        UpdateExpression: 'SET alerts = :a',
        ExpressionAttributeValues: { ':a': alertsAt(h, nowMs) },
      }),
    );
  }
}
