import { UnsupportedFileError } from './errors';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Sniffed {
  format: 'csv' | 'json';
  encoding: TextEncoding;
}

/* Signatures of the wrong kinds of file people upload: what each is, to say so in the error. */
const SIGNATURES: readonly { bytes: readonly number[]; what: string; reason: 'binary' | 'spreadsheet' }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a zip archive (an .xlsx or .ods workbook, or a .zip)',
    reason: 'spreadsheet',
  },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive', reason: 'binary' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'a legacy Excel (.xls) workbook', reason: 'spreadsheet' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', reason: 'binary' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', reason: 'binary' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', reason: 'binary' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', reason: 'binary' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive', reason: 'binary' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file', reason: 'binary' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive', reason: 'binary' },
];

function startsWith(sample: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => sample[i] === b);
}

/** Whether `sample` is valid UTF-8, allowing a multi-byte character cut off at the end of a partial read. */
function isUtf8(sample: Uint8Array, complete: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const maxCut = complete ? 0 : Math.min(3, sample.length);
  for (let cut = 0; cut <= maxCut; cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // try again without a possibly truncated trailing character
    }
  }
  return false;
}

/*
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes, the euro sign);
 * Node's TextDecoder treats the label as Latin-1, so the difference is mapped here.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeCp1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) =>
    String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? 0xfffd),
  );
}

/** A streaming decoder for the sniffed encoding; BOMs are dropped. */
export function createDecoder(encoding: TextEncoding): { decode(chunk: Uint8Array): string; end(): string } {
  if (encoding === 'windows-1252') return { decode: decodeCp1252, end: () => '' };
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  return {
    decode: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}

function controlCharRatio(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) ||
      code === 0xfffd
    ) {
      controls++;
    }
  }
  return controls / text.length;
}

/**
 * Decide from the first bytes of a file whether it is CSV or JSON text and how it is encoded;
 * throw UnsupportedFileError for empty, binary and spreadsheet files. `complete` says the sample
 * is the whole file.
 */
export function sniffSample(
  sample: Uint8Array,
  fileName: string,
  complete: boolean,
): Sniffed & { text: string } {
  if (sample.length === 0) throw new UnsupportedFileError(fileName, 'empty', `file ${fileName} is empty`);
  for (const signature of SIGNATURES) {
    if (startsWith(sample, signature.bytes)) {
      const advice = signature.reason === 'spreadsheet' ? '; save the sheet as CSV and upload that' : '';
      throw new UnsupportedFileError(
        fileName,
        signature.reason,
        `file ${fileName} is ${signature.what}, not a CQC CSV or JSON data file${advice}`,
      );
    }
  }
  let encoding: TextEncoding;
  if (startsWith(sample, [0xff, 0xfe])) encoding = 'utf-16le';
  else if (startsWith(sample, [0xfe, 0xff])) encoding = 'utf-16be';
  else if (startsWith(sample, [0xef, 0xbb, 0xbf])) encoding = 'utf-8';
  else if (sample.subarray(0, 8192).includes(0)) {
    throw new UnsupportedFileError(
      fileName,
      'binary',
      `file ${fileName} is a binary file, not a CQC CSV or JSON data file`,
    );
  } else encoding = isUtf8(sample, complete) ? 'utf-8' : 'windows-1252';

  const decoder = createDecoder(encoding);
  const text = decoder.decode(sample) + (complete ? decoder.end() : '');
  if (controlCharRatio(text.slice(0, 16_384)) > 0.01) {
    throw new UnsupportedFileError(
      fileName,
      'binary',
      `file ${fileName} is a binary file, not a CQC CSV or JSON data file`,
    );
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new UnsupportedFileError(fileName, 'empty', `file ${fileName} is empty`);
  const first = trimmed[0];
  return { format: first === '{' || first === '[' ? 'json' : 'csv', encoding, text };
}

/** The field delimiter of a CSV-like sample: comma unless tabs or semicolons clearly dominate. */
export function sniffDelimiter(text: string): ',' | '\t' | ';' {
  const lines = text.split(/\r\n|\n|\r/, 25);
  const counts = { ',': 0, '\t': 0, ';': 0 };
  for (const line of lines) {
    let inQuotes = false;
    for (const char of line) {
      if (char === '"') inQuotes = !inQuotes;
      else if (!inQuotes && (char === ',' || char === '\t' || char === ';')) counts[char]++;
    }
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[','] && counts[';'] > counts['\t']) return ';';
  return ',';
}
