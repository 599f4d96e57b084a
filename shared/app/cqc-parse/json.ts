import { looksLikeApiLocation, mapApiLocation } from '../../domain/registry/rows';
import type { CqcReadItem, ParseIssue } from '../../domain/registry/types';
import { UnsupportedFileError } from './errors';

const SHAPES_HELP =
  'expected a CQC API location (an object with locationId), an array of them, ' +
  '{"locations": [...]}, or {req, loc, postcode} records';

export interface Located {
  value: unknown;
  /** Character offset where the record starts in the text. */
  offset: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Start offsets of the elements of the top-level array, or of each array that is a direct
 * property of the top-level object (keyed by property name), so records can be reported by the
 * line they start on. A single linear pass over the text, aware of strings and escapes.
 */
function elementOffsets(text: string): { top: number[]; byKey: Map<string, number[]> } {
  const top: number[] = [];
  const byKey = new Map<string, number[]>();
  // Stack of open containers: the array being tracked (if any) and whether a value is expected next.
  const stack: { kind: '[' | '{'; track?: number[]; expectValue: boolean }[] = [];
  let lastKey: string | undefined;
  let keyStart = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) {
        inString = false;
        if (keyStart >= 0) {
          lastKey = text.slice(keyStart, i);
          keyStart = -1;
        }
      }
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const top0 = stack[stack.length - 1];
    if (top0?.kind === '[' && top0.expectValue && c !== 0x5d) {
      top0.track?.push(i);
      top0.expectValue = false;
    }
    if (c === 0x22) {
      inString = true;
      // A string directly inside the top-level object, in key position, is a property name.
      if (stack.length === 1 && top0?.kind === '{' && top0.expectValue) keyStart = i + 1;
      if (top0?.kind === '{') top0.expectValue = false;
    } else if (c === 0x5b) {
      let track: number[] | undefined;
      if (stack.length === 0) track = top;
      else if (stack.length === 1 && top0?.kind === '{' && lastKey !== undefined) {
        track = [];
        byKey.set(lastKey, track);
      }
      stack.push({ kind: '[', track, expectValue: true });
    } else if (c === 0x7b) {
      stack.push({ kind: '{', expectValue: true });
    } else if (c === 0x5d || c === 0x7d) {
      stack.pop();
    } else if (c === 0x2c) {
      if (top0) top0.expectValue = true;
    } else if (c === 0x3a) {
      // after a key: the value follows; keys only come after '{' or ','
    }
  }
  return { top, byKey };
}

function lineFinder(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Newline-delimited JSON: one record per non-blank line. Undefined if the text is not that. */
function parseJsonLines(text: string): Located[] | undefined {
  const out: Located[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '') {
      try {
        out.push({ value: JSON.parse(trimmed), offset });
      } catch {
        return undefined;
      }
    }
    offset += line.length + 1;
  }
  return out.length > 1 ? out : undefined;
}

/**
 * Classify a whole JSON text and list its records with their start offsets. Throws
 * UnsupportedFileError when the text is not JSON or not CQC location data.
 */
export function locateJsonRecords(
  text: string,
  fileName: string,
): { records: Located[]; lineAt: (o: number) => number } {
  const body = text.replace(/^\uFEFF/, '');
  const lineAt = lineFinder(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const lines = parseJsonLines(body);
    if (!lines) {
      throw new UnsupportedFileError(
        fileName,
        'invalid-json',
        `file ${fileName} is not valid JSON: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!lines.slice(0, 50).some((r) => looksLikeApiLocation(r.value))) {
      throw new UnsupportedFileError(
        fileName,
        'not-cqc',
        `file ${fileName} is JSON but not CQC location data: ${SHAPES_HELP}`,
      );
    }
    return { records: lines, lineAt };
  }

  const startOffset = body.search(/\S/);
  let records: Located[] | undefined;
  if (Array.isArray(parsed)) {
    const offsets = body.includes('\n') ? elementOffsets(body).top : [];
    records = parsed.map((value, i) => ({ value, offset: offsets[i] ?? startOffset }));
  } else if (isObject(parsed)) {
    if (looksLikeApiLocation(parsed)) {
      records = [{ value: parsed, offset: startOffset }];
    } else {
      // {"locations": [...]} from the API list endpoint, or another wrapper around an array of locations.
      const key = ['locations', ...Object.keys(parsed)].find((k) => {
        const candidate = parsed[k];
        return Array.isArray(candidate) && candidate.slice(0, 50).some(looksLikeApiLocation);
      });
      const list = key === undefined ? undefined : parsed[key];
      if (key !== undefined && Array.isArray(list)) {
        const offsets = body.includes('\n') ? (elementOffsets(body).byKey.get(key) ?? []) : [];
        records = list.map((value, i) => ({ value, offset: offsets[i] ?? startOffset }));
      }
    }
  }
  if (!records) {
    throw new UnsupportedFileError(
      fileName,
      'not-cqc',
      `file ${fileName} is JSON but not CQC location data: ${SHAPES_HELP}`,
    );
  }
  if (records.length === 0) {
    throw new UnsupportedFileError(fileName, 'empty', `file ${fileName} contains no location records`);
  }
  if (!records.slice(0, 50).some((r) => looksLikeApiLocation(r.value))) {
    throw new UnsupportedFileError(
      fileName,
      'not-cqc',
      `file ${fileName} is JSON but not CQC location data: ${SHAPES_HELP}`,
    );
  }
  return { records, lineAt };
}

/** Records of one JSON text as read items, numbered from 1 within the file. */
export function* jsonItems(
  located: { records: Located[]; lineAt: (offset: number) => number },
  fileName: string,
): Generator<CqcReadItem> {
  const { records, lineAt } = located;
  let index = 0;
  for (const { value, offset } of records) {
    index++;
    const line = lineAt(offset);
    const outcome = mapApiLocation(value);
    if (outcome.kind === 'skip') continue;
    if (outcome.kind === 'issue') {
      const issue: ParseIssue = { line, reason: `record ${index}: ${outcome.reason}`, file: fileName };
      if (outcome.locationId) issue.locationId = outcome.locationId;
      yield { line, index, file: fileName, issue };
    } else {
      const item: CqcReadItem = { line, index, file: fileName, record: outcome.record };
      if (outcome.warnings.length > 0) item.warnings = outcome.warnings;
      yield item;
    }
  }
}
