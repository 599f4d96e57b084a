import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../shared/app/cqc-parse';
import { type Collected, readAll, record, sharedFile } from './helpers';

const asc = sharedFile('cqc/cqc-adult-social-care-locations-sample.csv');
const directory = sharedFile('cqc/cqc-directory-sample.csv');
const api = sharedFile('cqc/cqc-api-locations-sample.json');

async function firstBytes(path: string, n = 65_536): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const count = (c: Collected, predicate: (r: Collected['records'][number]) => boolean) =>
  c.records.filter(predicate).length;

describe.skipIf(!asc.exists)('real sample: CQC adult social care locations export', () => {
  let data: Collected & { layout: string };
  it('reads every row: 999 locations, no issues or warnings', async () => {
    data = await readAll(asc.path);
    expect(data.layout).toBe('cqc-asc-locations-csv');
    expect(data.records).toHaveLength(999);
    expect(data.issues).toEqual([]);
    expect(data.warnings).toEqual([]);
    expect(data.items[0]?.line).toBe(2);
    expect(data.items.at(-1)?.line).toBe(1000);
  });

  it('counts care homes by beds or service type, and dormant locations', () => {
    expect(count(data, (r) => r.isCareHome)).toBe(497);
    expect(count(data, (r) => r.registrationStatus === 'dormant')).toBe(52);
    expect(count(data, (r) => r.overallRating === 'Requires improvement')).toBe(95);
    // 251 blank ratings and one 'Inspected but not rated'.
    expect(count(data, (r) => r.overallRating === 'Not yet rated')).toBe(252);
    expect(count(data, (r) => r.postcode !== undefined)).toBe(0);
  });

  it('normalises a known care home', () => {
    expect(record(data, '1-752918925')).toEqual({
      locationId: '1-752918925',
      providerId: '1-101675727',
      providerName: 'Lifeways Community Care Limited',
      name: '1 & 2 Flax Cottages',
      address: '',
      region: 'North East',
      localAuthority: 'Northumberland',
      registeredBeds: 9,
      overallRating: 'Good',
      ratingDate: '2013-06-04',
      serviceTypes: ['Care home service without nursing'],
      specialisms: [
        'Caring for adults over 65 yrs',
        'Caring for adults under 65 yrs',
        'Learning disabilities',
        'Physical disabilities',
      ],
      regulatedActivities: [],
      brand: 'Lifeways Community Care',
      brandId: 'BD252',
      phone: '01670530247',
      isCareHome: true,
      registrationStatus: 'registered',
      registrationDate: '2013-06-04',
    });
  });

  it('trims padded names, reads US-style dates and keeps non-care-home locations', () => {
    const first = record(data, '1-21268168552');
    expect(first.name).toBe('AbilityAvenue Care');
    expect(first.isCareHome).toBe(false);
    expect(first.registrationStatus).toBe('dormant');
    expect(first.overallRating).toBe('Not yet rated');
    expect(first.ratingDate).toBeUndefined();
    expect(first.registrationDate).toBe('2025-01-02');
    expect(record(data, '1-22940471514').name).toBe('ASP Healthcare Services Ltd');
    expect(record(data, 'RX3LD').locationId).toBe('RX3LD');
  });

  it('treats registered care home beds as a care home even under another service type (as CQC files them)', () => {
    const odd = record(data, '1-154426593');
    expect(odd.serviceTypes).toEqual(['Supported living service']);
    expect(odd.registeredBeds).toBe(4);
    expect(odd.isCareHome).toBe(true);
  });
});

describe.skipIf(!directory.exists)('real sample: CQC care directory', () => {
  let data: Collected & { layout: string };
  it('reads 330 locations and reports the 170 provider-level rows with their lines', async () => {
    data = await readAll(directory.path);
    expect(data.layout).toBe('cqc-directory-csv');
    expect(data.records).toHaveLength(330);
    expect(data.issues).toHaveLength(170);
    expect(data.issues[0]).toEqual({
      line: 5,
      reason: 'no location ID (the row describes a provider, not a location)',
    });
    expect(new Set(data.issues.map((i) => i.reason)).size).toBe(1);
    expect(data.warnings).toEqual([]);
  });

  it('normalises a known location', () => {
    expect(record(data, '1-22940471514')).toEqual({
      locationId: '1-22940471514',
      providerId: '1-21364297500',
      providerName: 'ASP Healthcare Services Ltd',
      name: 'ASP Healthcare Services Ltd',
      address: '5 Tainmor Close, Longlevens, Gloucester',
      town: 'Gloucester',
      postcode: 'GL2 0XE',
      region: 'South West',
      localAuthority: 'Gloucestershire',
      serviceTypes: ['Domiciliary care service'],
      specialisms: ['Dementia', 'Physical disabilities', 'Sensory impairment'],
      regulatedActivities: [],
      phone: '01452471471',
      isCareHome: false,
      registrationStatus: 'registered',
    });
  });

  it('finds the care homes by their directory service types', () => {
    expect(count(data, (r) => r.isCareHome)).toBe(15);
    const nursing = record(data, '1-3937248818');
    expect(nursing.serviceTypes).toEqual(['Care home service with nursing']);
    expect(nursing.postcode).toBe('DE15 0LB');
    expect(record(data, '1-18146816866').postcode).toBe('CH42 6SJ');
  });

  it('reads specialisms and keeps duplicated location rows', () => {
    expect(count(data, (r) => r.specialisms.includes('Services for everyone'))).toBe(140);
    expect(count(data, (r) => r.regulatedActivities.length > 0)).toBe(0);
    expect(data.records.filter((r) => r.locationId === '1-19666812212')).toHaveLength(2);
    expect(data.records.every((r) => r.postcode !== undefined)).toBe(true);
  });
});

describe.skipIf(!api.exists)('real sample: CQC API {req, loc, postcode} records', () => {
  let data: Collected & { layout: string };
  it('reads all 103 records', async () => {
    data = await readAll(api.path);
    expect(data.layout).toBe('cqc-api-json');
    expect(data.records).toHaveLength(103);
    expect(data.issues).toEqual([]);
    expect(data.warnings).toEqual([]);
  });

  it('counts care homes and registration states', () => {
    expect(count(data, (r) => r.isCareHome)).toBe(73);
    expect(count(data, (r) => r.registrationStatus === 'deregistered')).toBe(44);
    expect(count(data, (r) => r.registrationStatus === 'dormant')).toBe(1);
    expect(count(data, (r) => r.latitude !== undefined && r.subIcb?.code?.startsWith('E38') === true)).toBe(
      103,
    );
  });

  it('normalises a known care home', () => {
    expect(record(data, '1-112789029')).toEqual({
      locationId: '1-112789029',
      providerId: '1-101680292',
      name: 'Maison Moti Care Home',
      address: '200 Chase Side, Southgate, London',
      town: 'London',
      postcode: 'N14 4PH',
      latitude: 51.637248,
      longitude: -0.139015,
      region: 'London',
      subIcb: { code: 'E38000240', name: 'NHS North Central London CCG' },
      localAuthority: 'Enfield',
      registeredBeds: 15,
      overallRating: 'Good',
      ratingDate: '2017-08-31',
      serviceTypes: ['Care home service without nursing'],
      specialisms: [
        'Caring for adults over 65 yrs',
        'Caring for adults under 65 yrs',
        'Mental health conditions',
      ],
      regulatedActivities: ['Accommodation for persons who require nursing or personal care'],
      phone: '02084407535',
      website: 'www.maisonmoti.co.uk',
      isCareHome: true,
      registrationStatus: 'registered',
      registrationDate: '2010-10-01',
    });
  });

  it('reads deregistered homes, brands and API region spellings', () => {
    const closed = record(data, '1-112620463');
    expect(closed).toMatchObject({
      isCareHome: true,
      registrationStatus: 'deregistered',
      registeredBeds: 20,
      postcode: 'ME4 6DG',
    });
    expect(closed.deregistrationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record(data, '1-112747080').brand).toBe('Active Care');
    expect(record(data, '1-112787350')).toMatchObject({
      region: 'North West',
      isCareHome: false,
      registrationStatus: 'deregistered',
    });
    expect(record(data, '1-112774876').region).toBe('Yorkshire and the Humber');
    expect(record(data, '1-112826321').latitude).toBeCloseTo(51.511183, 6);
  });
});

describe.skipIf(!asc.exists || !directory.exists)('real samples agree with each other', () => {
  it('gives the same location the same normalised name and provider in both CSV layouts', async () => {
    const [a, d] = await Promise.all([readAll(asc.path), readAll(directory.path)]);
    let shared = 0;
    for (const [id, fromDirectory] of d.byId) {
      const fromAsc = a.byId.get(id);
      if (!fromAsc) continue;
      shared++;
      expect(fromAsc.providerId).toBe(fromDirectory.providerId);
      expect(fromAsc.name).toBe(fromDirectory.name);
    }
    expect(shared).toBeGreaterThan(0);
  });
});

describe.skipIf(!asc.exists || !directory.exists || !api.exists)(
  'detectLayout on the first bytes of the samples',
  () => {
    it('names each layout', async () => {
      expect(detectLayout(await firstBytes(asc.path), 'asc.csv')).toMatchObject({
        layout: 'cqc-asc-locations-csv',
        format: 'csv',
        delimiter: ',',
        headerLine: 1,
      });
      expect(detectLayout(await firstBytes(directory.path), 'dir.csv').layout).toBe('cqc-directory-csv');
      expect(detectLayout(await firstBytes(api.path), 'api.json')).toEqual({
        layout: 'cqc-api-json',
        format: 'json',
        encoding: 'utf-8',
      });
    });
  },
);
