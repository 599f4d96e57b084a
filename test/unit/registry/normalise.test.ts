import { describe, expect, it } from 'vitest';
import {
  buildCsvMapping,
  canonicalServiceType,
  canonicalSpecialism,
  cleanText,
  detectCsvLayout,
  findHeaderRow,
  isMissing,
  joinAddress,
  normaliseBrand,
  normalisePhone,
  normaliseRating,
  parseCqcDate,
  parseWholeNumber,
  parseYesNo,
  regulatedActivityName,
  splitCqcList,
} from '../../../shared/domain/registry';

describe('parseCqcDate', () => {
  it.each([
    ['2021-12-10', '2021-12-10'],
    ['2021-12-10T00:00:00Z', '2021-12-10'],
    ['2021-12-10 13:45:00', '2021-12-10'],
    ['2021/12/10', '2021-12-10'],
    // CQC's US-style export: month first whenever there is an AM/PM time.
    ['6/26/2025 12:00:00 AM', '2025-06-26'],
    ['1/2/2025 12:00:00 AM', '2025-01-02'],
    ['12/1/2020 12:00:00 PM', '2020-12-01'],
    // UK style otherwise.
    ['26/06/2025', '2025-06-26'],
    ['01/02/2025', '2025-02-01'],
    ['1.2.2025', '2025-02-01'],
    ['26-06-2025', '2025-06-26'],
    ['26-Jun-25', '2025-06-26'],
    ['01-Sep-09', '2009-09-01'],
    ['26 June 2025', '2025-06-26'],
    ['3rd March 2019', '2019-03-03'],
    ['June 26, 2025', '2025-06-26'],
    ['45834', '2025-06-26'],
    [' 2021-12-10 ', '2021-12-10'],
  ])('%s -> %s', (input, expected) => {
    expect(parseCqcDate(input)).toBe(expected);
  });

  it('uses the unambiguous part when a date can only be one way round', () => {
    expect(parseCqcDate('13/01/2020')).toBe('2020-01-13');
    expect(parseCqcDate('01/13/2020')).toBe('2020-01-13');
    expect(parseCqcDate('03/04/2020', { dayFirst: false })).toBe('2020-03-04');
  });

  it('returns undefined for missing and impossible dates', () => {
    for (const bad of [
      '',
      '-',
      'N/A',
      '31/02/2020',
      '2021-13-01',
      'yesterday',
      '99999',
      '32/01/2020',
      '1/1/1800',
    ]) {
      expect(parseCqcDate(bad), bad).toBeUndefined();
    }
    expect(parseCqcDate('29/02/2024')).toBe('2024-02-29');
    expect(parseCqcDate('29/02/2023')).toBeUndefined();
    expect(isMissing('-')).toBe(true);
    expect(isMissing('31/02/2020')).toBe(false);
  });
});

describe('scalars', () => {
  it('normalises ratings, blank meaning not yet rated', () => {
    expect(normaliseRating('Requires Improvement')).toBe('Requires improvement');
    expect(normaliseRating(' requires  improvement ')).toBe('Requires improvement');
    expect(normaliseRating('GOOD')).toBe('Good');
    expect(normaliseRating('No published rating')).toBe('Not yet rated');
    expect(normaliseRating('Inspected but not rated')).toBe('Not yet rated');
    expect(normaliseRating('')).toBe('Not yet rated');
    expect(normaliseRating('-')).toBe('Not yet rated');
    expect(normaliseRating('Excellent')).toBeUndefined();
  });

  it('parses whole numbers strictly', () => {
    expect(parseWholeNumber('42')).toEqual({ kind: 'ok', value: 42 });
    expect(parseWholeNumber(' 1,200 ')).toEqual({ kind: 'ok', value: 1200 });
    expect(parseWholeNumber('12.0')).toEqual({ kind: 'ok', value: 12 });
    expect(parseWholeNumber(7)).toEqual({ kind: 'ok', value: 7 });
    expect(parseWholeNumber('-')).toEqual({ kind: 'missing' });
    expect(parseWholeNumber('')).toEqual({ kind: 'missing' });
    for (const bad of ['twelve', '12.5', '-3', '1e3', '12 beds'])
      expect(parseWholeNumber(bad).kind, bad).toBe('invalid');
    expect(parseWholeNumber(-1).kind).toBe('invalid');
  });

  it('reads flags', () => {
    expect(parseYesNo('Y')).toBe(true);
    expect(parseYesNo(' yes ')).toBe(true);
    expect(parseYesNo('N')).toBe(false);
    expect(parseYesNo('FALSE')).toBe(false);
    expect(parseYesNo('')).toBeUndefined();
    expect(parseYesNo('maybe')).toBeUndefined();
  });

  it('cleans text', () => {
    expect(cleanText('  Oakwood \n Care\tHome ')).toBe('Oakwood Care Home');
    expect(cleanText(' - ')).toBeUndefined();
    expect(cleanText('N/A')).toBeUndefined();
    expect(cleanText('-ish')).toBe('-ish');
  });

  it('strips the BRAND prefix and restores phone leading zeros', () => {
    expect(normaliseBrand('BRAND Voyage')).toBe('Voyage');
    expect(normaliseBrand('Brand: Abbeyfield Society')).toBe('Abbeyfield Society');
    expect(normaliseBrand('Brandon Care')).toBe('Brandon Care');
    expect(normaliseBrand('-')).toBeUndefined();
    expect(normalisePhone('01452 471471')).toBe('01452471471');
    expect(normalisePhone('1452471471')).toBe('01452471471');
    expect(normalisePhone('+44 1452 471471')).toBe('+441452471471');
    expect(normalisePhone('ask at reception')).toBe('ask at reception');
  });

  it('joins address parts, splitting multi-line cells and dropping repeats', () => {
    expect(
      joinAddress(['Unit 1,', 'Cottam Lane\nAshton-on-Ribble', undefined, 'Preston', 'preston', '']),
    ).toBe('Unit 1, Cottam Lane, Ashton-on-Ribble, Preston');
    expect(joinAddress([])).toBe('');
  });
});

describe('vocabulary', () => {
  it('splits CQC lists without breaking items that contain commas', () => {
    expect(
      splitCqcList(
        'Maternity and midwifery services,Treatment of disease, disorder or injury,Surgical procedures',
      ),
    ).toEqual([
      'Maternity and midwifery services',
      'Treatment of disease, disorder or injury',
      'Surgical procedures',
    ]);
    expect(splitCqcList('Caring for adults over 65 yrs, Dementia, Dementia')).toEqual([
      'Caring for adults over 65 yrs',
      'Dementia',
    ]);
    expect(splitCqcList('Transport services, triage and medical advice provided remotely')).toEqual([
      'Transport services, triage and medical advice provided remotely',
    ]);
    expect(splitCqcList('-')).toEqual([]);
  });

  it('maps each source wording to one canonical name', () => {
    expect(canonicalServiceType('Nursing homes')).toBe('Care home service with nursing');
    expect(canonicalServiceType('Residential homes')).toBe('Care home service without nursing');
    expect(canonicalServiceType('Homecare agencies')).toBe('Domiciliary care service');
    expect(canonicalServiceType('Dental service')).toBe('Dental service');
    expect(canonicalServiceType('Doctors/GPs')).toBe('Doctors/GPs');
    expect(canonicalSpecialism('Learning Disabilities or autistic spectrum disorder')).toBe(
      'Learning disabilities',
    );
    expect(canonicalSpecialism('Sensory impairments')).toBe('Sensory impairment');
    expect(canonicalSpecialism('Older People')).toBe('Caring for adults over 65 yrs');
    expect(canonicalSpecialism('Caring for children (0 - 18yrs)')).toBe('Caring for children');
    expect(regulatedActivityName('Family planning')).toBe('Family planning services');
    expect(regulatedActivityName('treatment of disease,  disorder or injury')).toBe(
      'Treatment of disease, disorder or injury',
    );
    expect(regulatedActivityName('Dementia')).toBeUndefined();
  });
});

describe('header matching', () => {
  it('finds the header row below title rows and matches drifted names', () => {
    const rows = [
      ['Care Quality Commission'],
      ['HSCA Active Locations, 1 June 2025', ''],
      [],
      [
        '  LOCATION_ID ',
        'Location\nName',
        'Care homes\r\nbeds',
        'Care Home?',
        'CQC Provider ID (for office use only)',
      ],
    ];
    expect(findHeaderRow(rows)).toBe(3);
    const mapping = buildCsvMapping(rows[3] ?? []);
    expect(mapping?.columns).toMatchObject({ locationId: 0, name: 1, beds: 2, careHome: 3, providerId: 4 });
    expect(mapping?.headers[1]).toBe('Location Name');
    expect(buildCsvMapping(['Name', 'Postcode'])).toBeUndefined();
  });

  it('tells the three CSV layouts apart by their columns', () => {
    expect(
      detectCsvLayout([
        'Location ID',
        'Care home?',
        'Dormant (Y/N)',
        'Service type - Care home service with nursing',
      ]),
    ).toBe('hsca-active-locations-csv');
    expect(
      detectCsvLayout([
        'Location Name',
        'Location ID',
        'Location ADASS Region',
        'Care homes beds',
        'Service users supported',
      ]),
    ).toBe('cqc-asc-locations-csv');
    expect(
      detectCsvLayout([
        'Name',
        'Address 1',
        'Postcode',
        'CQC Location ID (for office use only)',
        'Specialisms/services',
      ]),
    ).toBe('cqc-directory-csv');
    expect(detectCsvLayout(['outcode', 'latitude'])).toBeUndefined();
  });

  it('recognises one-hot columns, including ones with commas and dashes', () => {
    const mapping = buildCsvMapping([
      'Location ID',
      'Regulated activity - Transport services, triage and medical advice provided remotely',
      'Service type \u2013 Shared Lives',
      'Service user band - Dementia',
    ]);
    expect(mapping?.oneHot).toEqual([
      {
        kind: 'regulatedActivities',
        index: 1,
        value: 'Transport services, triage and medical advice provided remotely',
      },
      { kind: 'serviceTypes', index: 2, value: 'Shared Lives' },
      { kind: 'specialisms', index: 3, value: 'Dementia' },
    ]);
  });
});
