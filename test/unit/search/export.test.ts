import { describe, expect, it } from 'vitest';
import {
  EXPORT_COLUMNS,
  exportRows,
  neutraliseCell,
  type SearchResult,
  toCsv,
} from '../../../shared/domain/search';

const result = (over: Partial<SearchResult> = {}): SearchResult => ({
  locationId: '1-1',
  name: 'Oak House',
  providerName: 'Oak Ltd',
  brand: null,
  address: '1 Oak Road, Town',
  postcode: 'B97 4AA',
  localAuthority: 'Worcestershire',
  subIcb: { code: '18C', name: 'NHS Herefordshire and Worcestershire ICB - 18C' },
  region: 'West Midlands',
  location: { lat: 52.3, lon: -1.96 },
  distanceMiles: 1.25,
  admissionStatus: { code: 'accepting', label: 'Accepting admissions' },
  vacancies: [
    {
      vacancyType: 'general-residential',
      label: 'General Residential',
      accepting: 2,
      reserved: 0,
      notAvailable: 0,
      capacity: 20,
      weeklyPriceFrom: 850,
      flexible: true,
    },
  ],
  acceptingBeds: 2,
  lowestWeeklyPrice: 850,
  shortStayServices: [],
  outOfHoursAdmissions: true,
  lastUpdated: '2026-01-12T07:00:00.000Z',
  freshness: { label: 'updated 2 hours ago', badge: 'fresh' },
  rating: { overall: 'Good', date: '2024-05-01' },
  registeredBeds: 40,
  alerts: [],
  contact: { phone: '01527 000000', website: null },
  ...over,
});

describe('export cells', () => {
  it('neutralises text a spreadsheet would run: = + - @ tab and CR at the start', () => {
    for (const bad of ['=1+2', '+44 1527', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseCell(bad)).toBe(`'${bad}`);
    for (const fine of ['Oak = good', ' =1', '£850', '', "'quoted"]) expect(neutraliseCell(fine)).toBe(fine);
  });

  it('neutralises every text column, keeps numbers as numbers', () => {
    const [row] = exportRows([
      result({
        name: '=cmd|calc',
        providerName: '+Prov',
        brand: '@brand',
        address: '-addr',
        alerts: [{ id: 'a', text: '\tx' }],
      }),
    ]);
    const cell = (header: string) => row?.[EXPORT_COLUMNS.findIndex((c) => c.header === header)];
    expect(cell('Care home')).toBe("'=cmd|calc");
    expect(cell('Provider')).toBe("'+Prov");
    expect(cell('Brand')).toBe("'@brand");
    expect(cell('Address')).toBe("'-addr");
    expect(cell('Alerts')).toBe("'\tx");
    expect(cell('Distance (miles)')).toBe(1.25);
    expect(cell('Matching vacancy types')).toBe(
      'General Residential: 2 accepting, from £850.00 a week (flexible)',
    );
  });

  it('writes RFC 4180 CSV: BOM, header row, quoted commas, quotes and line breaks, CRLF', () => {
    const csv = toCsv([result({ name: 'Oak, "The" House', address: 'line 1\nline 2' })]);
    expect(csv.startsWith('\uFEFFCQC location ID,Care home,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('1-1,"Oak, ""The"" House",Oak Ltd,,"line 1\nline 2",B97 4AA');
    expect(lines[2]).toBe('');
  });

  it('has a header for every column and one row per result', () => {
    const csv = toCsv([result(), result({ locationId: '1-2' })]);
    const [header] = csv.slice(1).split('\r\n');
    expect(header?.split(',')).toHaveLength(EXPORT_COLUMNS.length);
    expect(csv.slice(1).trimEnd().split('\r\n')).toHaveLength(3);
  });
});
