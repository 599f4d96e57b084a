/**
 * The layout of the bulk update template, shared by the writer (template.ts) and the reader
 * (reader.ts) so the two cannot drift. Header texts are the keys of the cells the reader returns:
 * callers use these constants, never literal strings.
 *
 * This module has no dependencies so the reader can use it without loading exceljs.
 */

/** Identifies workbooks made by writeBulkTemplate. Bump the suffix when the layout changes. */
export const BULK_TEMPLATE_FORMAT_ID = 'cct-bulk-update/v1';

export const INSTRUCTIONS_SHEET = 'Instructions';
export const CAPACITIES_SHEET = 'Capacities';
export const CARE_HOMES_SHEET = 'Care Homes';
/** Very hidden: holds the format id and the lists behind the drop-downs. */
export const META_SHEET = 'cct_meta';

export const CAPACITY_COLUMNS = {
  locationId: 'Location ID',
  vacancyTypeCode: 'Vacancy type code',
  version: 'Version',
  careHomeName: 'Care home name',
  postcode: 'Postcode',
  vacancyType: 'Vacancy type',
  weeklyPriceFrom: 'Weekly price from (£)',
  maximumCapacity: 'Maximum capacity',
  occupied: 'Occupied',
  vacantReserved: 'Vacant reserved',
  vacantAccepting: 'Vacant accepting admissions',
  vacantNotAvailable: 'Vacant not available',
  notAvailableReason: 'Reason not available',
  flexible: 'Flexible price (Yes/No)',
} as const;

export const CARE_HOME_COLUMNS = {
  locationId: 'Location ID',
  name: 'Care home name',
  postcode: 'Postcode',
  registeredBeds: 'CQC registered beds',
  outOfHoursAdmissions: 'Accepting out-of-hours admissions (Yes/No)',
  notes: 'Notes',
  version: 'Version',
} as const;

export type CapacityColumn = (typeof CAPACITY_COLUMNS)[keyof typeof CAPACITY_COLUMNS];
export type CareHomeColumn = (typeof CARE_HOME_COLUMNS)[keyof typeof CARE_HOME_COLUMNS];

/** Column order in the sheets; the reader requires every one of these headers to be present. */
export const CAPACITY_HEADERS: readonly CapacityColumn[] = Object.values(CAPACITY_COLUMNS);
export const CARE_HOME_HEADERS: readonly CareHomeColumn[] = Object.values(CARE_HOME_COLUMNS);

export const YES = 'Yes';
export const NO = 'No';
