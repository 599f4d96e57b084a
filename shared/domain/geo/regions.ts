/** The nine English regions (ONS names), the values `normaliseRegion` produces for England. */
export const ENGLISH_REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
] as const;

export type EnglishRegion = (typeof ENGLISH_REGIONS)[number];

const squash = (value: string): string => value.toLowerCase().replace(/[^a-z]/g, '');

/*
 * Each source spells the regions its own way: CQC's adult social care export says
 * "Greater London (ADASS Region)" and "East (ADASS Region)", the CQC API "Yorkshire & Humberside"
 * and "East", the outcode list "South East England". Keys are lower-case letters only.
 */
const VARIANTS: ReadonlyMap<string, EnglishRegion> = new Map<string, EnglishRegion>([
  ['northeast', 'North East'],
  ['northeastengland', 'North East'],
  ['northwest', 'North West'],
  ['northwestengland', 'North West'],
  ['yorkshireandthehumber', 'Yorkshire and the Humber'],
  ['yorkshireandhumber', 'Yorkshire and the Humber'],
  ['yorkshirehumber', 'Yorkshire and the Humber'],
  ['yorkshireandhumberside', 'Yorkshire and the Humber'],
  ['yorkshirehumberside', 'Yorkshire and the Humber'],
  ['yorkshire', 'Yorkshire and the Humber'],
  ['eastmidlands', 'East Midlands'],
  ['westmidlands', 'West Midlands'],
  ['east', 'East of England'],
  ['eastofengland', 'East of England'],
  ['eastern', 'East of England'],
  ['eastengland', 'East of England'],
  ['london', 'London'],
  ['greaterlondon', 'London'],
  ['southeast', 'South East'],
  ['southeastengland', 'South East'],
  ['southwest', 'South West'],
  ['southwestengland', 'South West'],
]);

/**
 * One spelling per English region, whatever the source. Text that is not an English region
 * (e.g. "Wales") comes back trimmed but otherwise unchanged; blank or '-' gives undefined.
 */
export function normaliseRegion(input: string | null | undefined): string | undefined {
  if (typeof input !== 'string') return undefined;
  const trimmed = input.replace(/\s+/g, ' ').trim();
  if (trimmed === '' || trimmed === '-') return undefined;
  const withoutQualifier = trimmed.replace(/\((?:adass|nhs)?\s*region\)\s*$/i, '').trim();
  return VARIANTS.get(squash(withoutQualifier)) ?? withoutQualifier;
}

export function isEnglishRegion(value: string): value is EnglishRegion {
  return (ENGLISH_REGIONS as readonly string[]).includes(value);
}
