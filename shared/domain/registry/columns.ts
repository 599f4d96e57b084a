import { squashKey } from './normalise';
import type { CqcLayout } from './types';

/** The values a CQC CSV row can carry, whatever its layout calls the column. */
export type CsvField =
  | 'locationId'
  | 'providerId'
  | 'providerName'
  | 'name'
  | 'address1'
  | 'address2'
  | 'address3'
  | 'town'
  | 'county'
  | 'postcode'
  | 'latitude'
  | 'longitude'
  | 'region'
  | 'localAuthority'
  | 'subIcbCode'
  | 'subIcbName'
  | 'icbCode'
  | 'icbName'
  | 'beds'
  | 'rating'
  | 'ratingDate'
  | 'serviceTypes'
  | 'specialisms'
  | 'regulatedActivities'
  | 'brandName'
  | 'brandId'
  | 'phone'
  | 'website'
  | 'careHome'
  | 'dormant'
  | 'registrationStatus'
  | 'registrationDate'
  | 'deregistrationDate';

/*
 * Header names by field, as squashed keys (lower-case letters and digits), best first. A header
 * matches if its whole squashed text or its text without parenthesised notes and '?' does, so
 * 'CQC Location ID (for office use only)', 'Location ID', 'locationId' and 'LOCATION_ID' all match.
 */
const FIELD_ALIASES: Readonly<Record<CsvField, readonly string[]>> = {
  locationId: ['locationid', 'cqclocationid', 'cqclocationidforofficeuseonly', 'locationcqcid', 'locid'],
  providerId: ['providerid', 'cqcproviderid', 'cqcprovideridforofficeuseonly', 'providercqcid'],
  providerName: ['providername', 'cqcprovidername', 'registeredprovider'],
  name: ['locationname', 'name', 'carehomename', 'servicename', 'locationnames'],
  address1: [
    'locationstreetaddress',
    'locationaddressline1',
    'address1',
    'addressline1',
    'streetaddress',
    'postaladdressline1',
    'address',
  ],
  address2: ['locationaddressline2', 'address2', 'addressline2', 'postaladdressline2'],
  address3: ['locationaddressline3', 'address3', 'addressline3'],
  town: ['locationcity', 'locationtown', 'towncity', 'town', 'city', 'posttown', 'postaladdresstowncity'],
  county: ['locationcounty', 'county', 'postaladdresscounty'],
  postcode: ['locationpostalcode', 'locationpostcode', 'postcode', 'postalcode', 'locationpostcodes'],
  latitude: ['locationlatitude', 'latitude', 'lat', 'onspdlatitude', 'locationonspdlatitude'],
  longitude: [
    'locationlongitude',
    'longitude',
    'lon',
    'lng',
    'long',
    'onspdlongitude',
    'locationonspdlongitude',
  ],
  region: ['locationregion', 'region', 'locationadassregion', 'adassregion'],
  localAuthority: ['locationlocalauthority', 'localauthority', 'la', 'locationla', 'localauthorityname'],
  subIcbCode: [
    'locationonspdccgcode',
    'onspdccgcode',
    'locationonspdsubicbcode',
    'locationsubicbcode',
    'subicbcode',
    'subicblocationcode',
    'ccgcode',
  ],
  subIcbName: [
    'locationonspdccg',
    'locationonspdccgname',
    'onspdccgname',
    'onspdccg',
    'locationonspdsubicb',
    'locationonspdsubicbname',
    'locationsubicb',
    'locationsubicbname',
    'subicbname',
    'subicblocationname',
    'subicb',
    'ccgname',
    'ccg',
  ],
  icbCode: ['locationicbcode', 'locationonspdicbcode', 'onspdicbcode', 'icbcode'],
  icbName: [
    'locationicb',
    'locationicbname',
    'locationonspdicb',
    'locationonspdicbname',
    'onspdicbname',
    'icbname',
    'icb',
  ],
  beds: [
    'carehomesbeds',
    'carehomebeds',
    'numberofbeds',
    'registeredbeds',
    'beds',
    'locationbeds',
    'bedcount',
  ],
  rating: [
    'locationlatestoverallrating',
    'latestoverallrating',
    'overallrating',
    'locationoverallrating',
    'rating',
  ],
  ratingDate: [
    'locationlatestoverallratingpublicationdate',
    'publicationdate',
    'reportpublicationdate',
    'ratingpublicationdate',
    'ratingdate',
    'latestratingdate',
  ],
  serviceTypes: ['servicetypes', 'locationservicetypes', 'servicetype', 'typesofservice'],
  specialisms: [
    'specialismsservices',
    'specialisms',
    'locationspecialisms',
    'serviceuserssupported',
    'serviceusersupported',
    'serviceuserbands',
  ],
  regulatedActivities: ['regulatedactivities', 'locationregulatedactivities'],
  brandName: ['brandname', 'brand', 'locationbrandname'],
  brandId: ['brandid', 'locationbrandid'],
  phone: [
    'locationtelephonenumber',
    'telephonenumber',
    'phonenumber',
    'telephone',
    'phone',
    'mainphonenumber',
  ],
  website: ['locationwebaddress', 'website', 'webaddress', 'locationwebsite'],
  careHome: ['carehome', 'carehomeyn', 'iscarehome', 'locationcarehome'],
  dormant: ['dormantyn', 'dormant', 'locationdormancy', 'dormancy', 'locationdormant'],
  registrationStatus: ['registrationstatus', 'locationregistrationstatus'],
  registrationDate: [
    'locationhscastartdate',
    'hscastartdate',
    'registrationdate',
    'locationregistrationdate',
  ],
  deregistrationDate: [
    'locationhscaenddate',
    'hscaenddate',
    'deregistrationdate',
    'locationderegistrationdate',
  ],
};

const CSV_FIELDS = Object.keys(FIELD_ALIASES) as CsvField[];

export type OneHotKind = 'serviceTypes' | 'specialisms' | 'regulatedActivities';

/** A 'Service type - Care home service with nursing' style column: 'Y' means the location has it. */
export interface OneHotColumn {
  kind: OneHotKind;
  index: number;
  /** The text after the prefix, e.g. 'Care home service with nursing'. */
  value: string;
}

export interface CsvMapping {
  layout: CqcLayout;
  /** Header cells, whitespace collapsed. */
  headers: string[];
  columns: Partial<Record<CsvField, number>>;
  oneHot: OneHotColumn[];
}

/** Header text with line breaks and runs of spaces collapsed. */
export function cleanHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function headerKeys(cell: string): [string, string] {
  const clean = cleanHeader(cell);
  const withoutNotes = clean.replace(/\([^)]*\)/g, ' ').replace(/\?/g, ' ');
  return [squashKey(clean), squashKey(withoutNotes)];
}

const ONE_HOT_RE =
  /^(service\s*types?|service\s*user\s*bands?|regulated\s*activit(?:y|ies))\s*[-\u2013\u2014:]\s*(.+)$/i;

function oneHotKind(prefix: string): OneHotKind {
  const key = squashKey(prefix);
  if (key.startsWith('serviceuser')) return 'specialisms';
  if (key.startsWith('regulated')) return 'regulatedActivities';
  return 'serviceTypes';
}

function matchColumns(headers: readonly string[]): Partial<Record<CsvField, number>> {
  const keys = headers.map(headerKeys);
  const columns: Partial<Record<CsvField, number>> = {};
  const taken = new Set<number>();
  for (const field of CSV_FIELDS) {
    for (const alias of FIELD_ALIASES[field]) {
      const index = keys.findIndex(
        ([full, stripped], i) => !taken.has(i) && (full === alias || stripped === alias),
      );
      if (index >= 0) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  return columns;
}

/** Whether a row's cells include a location ID column header. */
export function hasLocationIdHeader(cells: readonly string[]): boolean {
  const aliases = FIELD_ALIASES.locationId;
  return cells.some((cell) => {
    const [full, stripped] = headerKeys(cell);
    return aliases.includes(full) || aliases.includes(stripped);
  });
}

/**
 * The header row among the first rows of a file: the first with a location ID column
 * (files sometimes open with a title or notes above the header). Returns its index in `rows`.
 */
export function findHeaderRow(rows: readonly (readonly string[])[]): number | undefined {
  const index = rows.findIndex(hasLocationIdHeader);
  return index >= 0 ? index : undefined;
}

/* Columns that only one layout has, with weights: which file is this. */
const LAYOUT_SIGNATURES: Readonly<Record<Exclude<CqcLayout, 'cqc-api-json'>, readonly string[]>> = {
  'hsca-active-locations-csv': [
    'carehome',
    'dormantyn',
    'locationlatitude',
    'locationlongitude',
    'locationonspdccgcode',
    'locationonspdccg',
    'locationpostalcode',
    'locationstreetaddress',
    'locationcity',
    'locationregion',
    'inheritedratingyn',
    'locationtypesector',
  ],
  'cqc-asc-locations-csv': [
    'locationadassregion',
    'serviceuserssupported',
    'sizeofcarehomebandsbynumberofbeds',
    'locationlengthofservicebandsbynumberofyears',
    'primaryinspectioncategory',
    'dormant',
    'carehomesbeds',
    'servicetypes',
  ],
  'cqc-directory-csv': [
    'cqclocationidforofficeuseonly',
    'cqcprovideridforofficeuseonly',
    'specialismsservices',
    'address1',
    'towncity',
    'postcode',
    'reportpublicationdate',
    'alsoknownas',
    'servicetypes',
  ],
};

/**
 * Which CQC CSV layout a header row belongs to, by the columns only that layout has.
 * Undefined if the row has no location ID column (then it is not a CQC location file).
 */
export function detectCsvLayout(headers: readonly string[]): Exclude<CqcLayout, 'cqc-api-json'> | undefined {
  if (!hasLocationIdHeader(headers)) return undefined;
  const keys = new Set(headers.flatMap((h) => headerKeys(h)));
  const oneHotColumns = headers.filter((h) => ONE_HOT_RE.test(cleanHeader(h))).length;
  let best: Exclude<CqcLayout, 'cqc-api-json'> = 'hsca-active-locations-csv';
  let bestScore = -1;
  for (const [layout, signature] of Object.entries(LAYOUT_SIGNATURES) as [
    Exclude<CqcLayout, 'cqc-api-json'>,
    readonly string[],
  ][]) {
    let score = signature.filter((key) => keys.has(key)).length;
    if (layout === 'hsca-active-locations-csv' && oneHotColumns > 0) score += 5;
    if (score > bestScore) {
      best = layout;
      bestScore = score;
    }
  }
  return best;
}

/** Column positions for a header row, by name. Undefined if there is no location ID column. */
export function buildCsvMapping(headerCells: readonly string[], layout?: CqcLayout): CsvMapping | undefined {
  const detected = detectCsvLayout(headerCells);
  if (!detected) return undefined;
  const headers = headerCells.map(cleanHeader);
  const oneHot: OneHotColumn[] = [];
  headers.forEach((header, index) => {
    const m = ONE_HOT_RE.exec(header);
    if (m?.[1] && m[2]) oneHot.push({ kind: oneHotKind(m[1]), index, value: m[2].trim() });
  });
  return { layout: layout ?? detected, headers, columns: matchColumns(headers), oneHot };
}
