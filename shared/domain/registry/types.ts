/** CQC overall ratings, one spelling each ("Requires Improvement" and friends are folded in). */
export const OVERALL_RATINGS = [
  'Outstanding',
  'Good',
  'Requires improvement',
  'Inadequate',
  'Not yet rated',
] as const;
export type OverallRating = (typeof OVERALL_RATINGS)[number];

export const REGISTRATION_STATUSES = ['registered', 'deregistered', 'dormant'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** The kinds of CQC file the registry can read. */
export const CQC_LAYOUTS = [
  'cqc-directory-csv',
  'cqc-asc-locations-csv',
  'hsca-active-locations-csv',
  'cqc-api-json',
] as const;
export type CqcLayout = (typeof CQC_LAYOUTS)[number];

/** A code and/or name for a health geography (an ICB, a sub-ICB location). */
export interface AreaRef {
  /** ONS code, e.g. 'E38000240' (sub-ICB, formerly CCG) or 'E54000028' (ICB). */
  code?: string;
  name?: string;
}

/**
 * One CQC-registered location, normalised the same way whichever file it came from. Fields a
 * source does not carry are left out, never filled with guesses.
 */
export interface CareHomeRecord {
  /** CQC location ID, e.g. '1-112789029' (a few NHS locations use ODS-style ids such as 'RX9LD'). */
  locationId: string;
  /** CQC provider ID. */
  providerId: string;
  providerName?: string;
  /** Location name, trimmed and with internal runs of whitespace collapsed. */
  name: string;
  /** Address lines, town and county joined with ', '; '' when the source has no address (ASC export). */
  address: string;
  town?: string;
  county?: string;
  /**
   * Normalised full postcode, 'AB1 2CD'. Absent when the source has none (the adult social care
   * export has no postcode column) or when the value is not a valid UK postcode (reported as a warning).
   */
  postcode?: string;
  latitude?: number;
  longitude?: number;
  /** English region in `ENGLISH_REGIONS` spelling ('London', 'East of England', ...). */
  region?: string;
  /** Integrated care board, when the source carries it. */
  icb?: AreaRef;
  /** Sub-ICB location: the ONSPD CCG code and name in CQC files (CCGs became sub-ICB locations in 2022). */
  subIcb?: AreaRef;
  /** Social-services local authority as CQC names it, e.g. 'Kent', 'Kingston upon Hull, City of'. */
  localAuthority?: string;
  registeredBeds?: number;
  /** Present whenever the source has a rating field; a blank rating there means 'Not yet rated'. */
  overallRating?: OverallRating;
  /** ISO yyyy-mm-dd publication date of the overall rating. */
  ratingDate?: string;
  /** CQC service types in their long form, e.g. 'Care home service with nursing'. Lists are sorted. */
  serviceTypes: string[];
  /** Service user bands and specialisms, e.g. 'Dementia', 'Caring for adults over 65 yrs'. */
  specialisms: string[];
  /** CQC regulated activities, e.g. 'Accommodation for persons who require nursing or personal care'. */
  regulatedActivities: string[];
  /** Brand name without CQC's 'BRAND ' prefix. */
  brand?: string;
  brandId?: string;
  phone?: string;
  website?: string;
  isCareHome: boolean;
  registrationStatus: RegistrationStatus;
  /** ISO yyyy-mm-dd. */
  registrationDate?: string;
  /** ISO yyyy-mm-dd. */
  deregistrationDate?: string;
}

/** A row or record that could not be read, with the 1-based physical line it starts on. */
export interface ParseIssue {
  line: number;
  reason: string;
  /** The location ID, when the row had one. */
  locationId?: string;
  /** File name, when reading a folder of files. */
  file?: string;
}

/** One item of a CQC source: a record (possibly with warnings) or an issue. */
export interface CqcReadItem {
  /** 1-based physical line where the row or record starts (1 for one-line JSON). */
  line: number;
  /** 1-based position of the record among the data rows/records of its file. */
  index: number;
  /** File the item came from (the file name when reading a folder). */
  file: string;
  record?: CareHomeRecord;
  issue?: ParseIssue;
  /** Things dropped from an otherwise good record (invalid postcode, out-of-range coordinates...). */
  warnings?: string[];
}
