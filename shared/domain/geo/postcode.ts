/*
 * UK postcodes: outward code (area letters + district, e.g. "SW1A", "B97", "M1") and inward code
 * (sector digit + unit letters, e.g. "1AA"). The patterns follow the Royal Mail rules on which
 * letters may appear where, so typos such as a letter O for a zero are rejected rather than stored.
 */

// The letter ending an outward code ('W1F', 'EC1A') is checked loosely: retired districts such as
// W1M still appear in reference lists, so only letters never used there (I, L, O, Q, Z) are refused.
const OUTWARD =
  '(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKMNP-Y]|[A-PR-UWYZ][A-HK-Y][0-9][A-HJKMNP-Y])';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';

const FULL_RE = new RegExp(`^(${OUTWARD})(${INWARD})$`);
const OUTWARD_RE = new RegExp(`^${OUTWARD}$`);
/** Girobank's historic non-geographic postcode, still valid. */
const GIROBANK = 'GIR0AA';

function squash(input: string): string {
  return input.replace(/[\s\u00a0]+/g, '').toUpperCase();
}

/**
 * 'sw1a1aa', ' SW1A  1AA ' -> 'SW1A 1AA'. Returns undefined when the input is not a full, valid UK
 * postcode.
 */
export function normalisePostcode(input: string | null | undefined): string | undefined {
  if (typeof input !== 'string') return undefined;
  const compact = squash(input);
  if (compact === GIROBANK) return 'GIR 0AA';
  const match = FULL_RE.exec(compact);
  if (!match) return undefined;
  return `${match[1]} ${match[2]}`;
}

export function isValidPostcode(input: string | null | undefined): boolean {
  return normalisePostcode(input) !== undefined;
}

/** 'b97' -> 'B97'; undefined if it is not a valid outward code on its own. */
export function normaliseOutcode(input: string | null | undefined): string | undefined {
  if (typeof input !== 'string') return undefined;
  const compact = squash(input);
  if (compact === 'GIR') return 'GIR';
  return OUTWARD_RE.test(compact) ? compact : undefined;
}

export function isValidOutcode(input: string | null | undefined): boolean {
  return normaliseOutcode(input) !== undefined;
}

/**
 * The outward code of a full postcode or of an outward code on its own: 'sw1a 1aa' -> 'SW1A',
 * 'B97' -> 'B97'. Undefined when the input is neither.
 */
export function outwardCode(input: string | null | undefined): string | undefined {
  const full = normalisePostcode(input);
  if (full) return full.slice(0, full.indexOf(' '));
  return normaliseOutcode(input);
}

/** What a search box holds: a full postcode, an outward code alone, or neither. */
export type PostcodeQuery =
  | { kind: 'full'; postcode: string; outcode: string }
  | { kind: 'outcode'; outcode: string }
  | { kind: 'invalid' };

export function parsePostcodeQuery(input: string | null | undefined): PostcodeQuery {
  const full = normalisePostcode(input);
  if (full) return { kind: 'full', postcode: full, outcode: full.slice(0, full.indexOf(' ')) };
  const outcode = normaliseOutcode(input);
  if (outcode) return { kind: 'outcode', outcode };
  return { kind: 'invalid' };
}
