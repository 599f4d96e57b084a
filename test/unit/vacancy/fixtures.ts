import type { BedStateRow, ServicesOffered } from '../../../shared/domain/vacancy';

/** A home offering General Residential and Learning Disability Residential (the support pack's example). */
export const services: ServicesOffered = {
  shortStayServices: ['respite-care'],
  shortStayNone: false,
  vacancyTypes: ['general-residential', 'learning-disability-residential'],
  languages: ['English'],
  notes: '',
  fundingSources: ['local-authority', 'private'],
  contracts: { localAuthority: true, subIcb: false },
  outOfHoursAdmissions: false,
};

export function row(overrides: Partial<Record<keyof BedStateRow, unknown>> & Record<string, unknown> = {}) {
  return {
    vacancyType: 'general-residential',
    weeklyPriceFrom: 1175,
    maximumCapacity: 6,
    occupied: 6,
    vacantReserved: 0,
    vacantAccepting: 0,
    vacantNotAvailable: 0,
    notAvailableReason: null,
    flexible: false,
    ...overrides,
  };
}

/** The support pack's example table: 13 beds, 12 residents, 1 accepting. */
export function update(extra: Record<string, unknown> = {}) {
  return {
    rows: [
      row(),
      row({
        vacancyType: 'learning-disability-residential',
        maximumCapacity: 7,
        occupied: 6,
        vacantAccepting: 1,
      }),
    ],
    ...extra,
  };
}

/** An update whose first row is replaced. */
export function withFirstRow(overrides: Record<string, unknown>) {
  const input = update();
  input.rows[0] = row(overrides);
  return input;
}
