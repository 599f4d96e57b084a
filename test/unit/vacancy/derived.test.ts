import { describe, expect, it } from 'vitest';
import {
  admissionStatus,
  admissionStatusLabel,
  type BedState,
  type BedStateRow,
  bedStateTotals,
  diffBedState,
  emptyBedState,
  isSameBedState,
  summariseForSearch,
} from '../../../shared/domain/vacancy';
import { services } from './fixtures';

const generalResidential: BedStateRow = {
  vacancyType: 'general-residential',
  weeklyPriceFrom: 1175,
  maximumCapacity: 6,
  occupied: 6,
  vacantReserved: 0,
  vacantAccepting: 0,
  vacantNotAvailable: 0,
  notAvailableReason: null,
  flexible: false,
};
const learningDisability: BedStateRow = {
  ...generalResidential,
  vacancyType: 'learning-disability-residential',
  weeklyPriceFrom: 1250.5,
  maximumCapacity: 9,
  occupied: 5,
  vacantReserved: 1,
  vacantAccepting: 1,
  vacantNotAvailable: 2,
  notAvailableReason: 'refurbishment',
};
const state: BedState = { rows: [generalResidential, learningDisability], outOfHoursAdmissions: false };

describe('admissionStatus', () => {
  it('is accepting when any vacancy type has a bed accepting admissions', () => {
    expect(admissionStatus(state)).toBe('accepting');
    expect(admissionStatusLabel(admissionStatus(state))).toBe('Accepting admissions');
  });

  it('is not accepting when no vacancy type has one, whatever is reserved or not available', () => {
    const none = { rows: [generalResidential, { ...learningDisability, vacantAccepting: 0, occupied: 6 }] };
    expect(admissionStatus(none)).toBe('not-accepting');
    expect(admissionStatusLabel('not-accepting')).toBe('Not accepting admissions');
    expect(admissionStatus({ rows: [] })).toBe('not-accepting');
  });
});

describe('bedStateTotals', () => {
  it('sums each figure across vacancy types', () => {
    expect(bedStateTotals(state)).toEqual({
      capacity: 15,
      residents: 11,
      accepting: 1,
      reserved: 1,
      notAvailable: 2,
    });
  });
});

describe('emptyBedState', () => {
  it('has a zero row per offered vacancy type, in table order', () => {
    const empty = emptyBedState({ vacancyTypes: ['ypd', 'community-care'], outOfHoursAdmissions: true });
    expect(empty.rows.map((row) => row.vacancyType)).toEqual(['community-care', 'ypd']);
    expect(empty.rows[0]).toMatchObject({
      maximumCapacity: 0,
      weeklyPriceFrom: null,
      notAvailableReason: null,
    });
    expect(empty.outOfHoursAdmissions).toBe(true);
    expect(emptyBedState(services).rows).toHaveLength(2);
  });
});

describe('diffBedState', () => {
  it('lists changed fields per vacancy type with before and after', () => {
    const after: BedState = {
      rows: [{ ...generalResidential, occupied: 5, vacantAccepting: 1 }, learningDisability],
      outOfHoursAdmissions: true,
    };
    expect(diffBedState(state, after)).toEqual({
      changed: true,
      vacancyTypes: [
        {
          vacancyType: 'general-residential',
          kind: 'changed',
          fields: [
            { field: 'occupied', before: 6, after: 5 },
            { field: 'vacantAccepting', before: 0, after: 1 },
          ],
        },
      ],
      outOfHoursAdmissions: { before: false, after: true },
    });
  });

  it('reports added and removed vacancy types with every field', () => {
    const after: BedState = {
      rows: [learningDisability, { ...generalResidential, vacancyType: 'ypd' }],
      outOfHoursAdmissions: false,
    };
    const diff = diffBedState(state, after);
    expect(diff.vacancyTypes.map((change) => [change.vacancyType, change.kind])).toEqual([
      ['general-residential', 'removed'],
      ['ypd', 'added'],
    ]);
    expect(diff.vacancyTypes[0]?.fields).toContainEqual({
      field: 'weeklyPriceFrom',
      before: 1175,
      after: null,
    });
    expect(diff.vacancyTypes[1]?.fields).toHaveLength(8);
    expect(diff.vacancyTypes[1]?.fields).toContainEqual({ field: 'occupied', before: null, after: 6 });
    expect(diff.outOfHoursAdmissions).toBeNull();
  });

  it('treats the first update as all added', () => {
    const diff = diffBedState(null, state);
    expect(diff.changed).toBe(true);
    expect(diff.vacancyTypes.every((change) => change.kind === 'added')).toBe(true);
    expect(diff.outOfHoursAdmissions).toEqual({ before: null, after: false });
  });

  it('reports a price change and a reason change', () => {
    const after: BedState = {
      ...state,
      rows: [
        generalResidential,
        { ...learningDisability, weeklyPriceFrom: 1300, notAvailableReason: 'covid-outbreak' },
      ],
    };
    expect(diffBedState(state, after).vacancyTypes[0]?.fields).toEqual([
      { field: 'weeklyPriceFrom', before: 1250.5, after: 1300 },
      { field: 'notAvailableReason', before: 'refurbishment', after: 'covid-outbreak' },
    ]);
  });
});

describe('isSameBedState', () => {
  it('is true for equal states, whatever the row order', () => {
    expect(isSameBedState(state, { ...state, rows: [...state.rows].reverse() })).toBe(true);
    expect(isSameBedState(state, structuredClone(state))).toBe(true);
  });

  it('is false when any field or the out-of-hours answer differs', () => {
    expect(isSameBedState(state, { ...state, outOfHoursAdmissions: true })).toBe(false);
    expect(
      isSameBedState(state, {
        ...state,
        rows: [{ ...generalResidential, flexible: true }, learningDisability],
      }),
    ).toBe(false);
    expect(isSameBedState(state, { ...state, rows: [generalResidential] })).toBe(false);
  });
});

describe('summariseForSearch', () => {
  it('flattens what the search filters need', () => {
    expect(summariseForSearch(state)).toEqual({
      admissionStatus: 'accepting',
      outOfHoursAdmissions: false,
      totals: { capacity: 15, residents: 11, accepting: 1, reserved: 1, notAvailable: 2 },
      vacancyTypes: ['general-residential', 'learning-disability-residential'],
      acceptingVacancyTypes: ['learning-disability-residential'],
      lowestWeeklyPrice: 1175,
      lowestAcceptingWeeklyPrice: 1250.5,
      flexiblePrice: false,
    });
  });

  it('ignores prices of vacancy types without capacity, and has none when nothing is accepting', () => {
    const summary = summariseForSearch({
      rows: [{ ...generalResidential, maximumCapacity: 0, occupied: 0, weeklyPriceFrom: 0 }],
      outOfHoursAdmissions: true,
    });
    expect(summary).toMatchObject({
      admissionStatus: 'not-accepting',
      acceptingVacancyTypes: [],
      lowestWeeklyPrice: null,
      lowestAcceptingWeeklyPrice: null,
    });
  });
});
