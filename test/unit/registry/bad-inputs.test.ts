import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  detectLayout,
  openCqcSource,
  openCqcStream,
  readCqcSource,
  readCqcStream,
  UnsupportedFileError,
} from '../../../shared/app/cqc-parse';
import { csv, mulberry32, readAll, readBytes, sharedFile, tempDir, unsupported, writeTemp } from './helpers';

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x00, 0x01,
]);
const ZIP = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
  Buffer.from('[Content_Types].xml'),
]);

function randomBinary(seed: number, length: number): Buffer {
  const rand = mulberry32(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(rand() * 256)));
}

describe('files that are not CQC data are refused with UnsupportedFileError', () => {
  it.each([
    ['image.png', PNG, 'binary', /image\.png is a PNG image, not a CQC CSV or JSON data file/],
    ['locations.xlsx', ZIP, 'spreadsheet', /zip archive .*save the sheet as CSV/],
    [
      'legacy.xls',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'spreadsheet',
      /legacy Excel/,
    ],
    ['report.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3'), 'binary', /PDF document/],
    ['noise.bin', randomBinary(1, 4096), 'binary', /binary file/],
    ['noise2.csv', randomBinary(99, 70_000), 'binary', /binary file/],
    ['empty.csv', Buffer.alloc(0), 'empty', /empty\.csv is empty/],
    ['blank.csv', Buffer.from('  \r\n\n\t\n'), 'empty', /is empty/],
    [
      'broken.json',
      Buffer.from('{"locationId": "1-123456789", '),
      'invalid-json',
      /broken\.json is not valid JSON/,
    ],
    [
      'other.json',
      Buffer.from('{"type": "FeatureCollection", "features": []}'),
      'not-cqc',
      /JSON but not CQC location data/,
    ],
    ['numbers.json', Buffer.from('[1, 2, 3]'), 'not-cqc', /JSON but not CQC location data/],
    ['nothing.json', Buffer.from('[]'), 'empty', /contains no location records/],
    [
      'people.csv',
      Buffer.from('Name,Age\nAda,36\nAlan,41\n'),
      'not-cqc',
      /no Location ID column found in the first 20 rows/,
    ],
  ])('%s', async (name, bytes, reason, message) => {
    const dir = await tempDir('cqc-bad');
    const path = await writeTemp(dir, name, bytes);
    const fromPath = await unsupported(openCqcSource(path));
    expect(fromPath).toBeInstanceOf(UnsupportedFileError);
    expect(fromPath.reason).toBe(reason);
    expect(fromPath.message).toMatch(message);
    expect(fromPath.fileName).toBe(name);
    const fromStream = await unsupported(openCqcStream(Readable.from([bytes]), name));
    expect(fromStream.reason).toBe(reason);
  });

  it('refuses a file whose Location ID header is further down than the scan allows', async () => {
    const filler = Array.from({ length: 25 }, (_, i) => [`note ${i}`]);
    const text = csv([
      ...filler,
      ['Location ID', 'Location Name', 'Provider ID'],
      ['1-123456789', 'A', '1-987654321'],
    ]);
    expect((await unsupported(readBytes(text))).message).toMatch(/first 20 rows/);
    const data = await readBytes(text, 'deep.csv', { headerScanRows: 30 });
    expect(data.records).toHaveLength(1);
    expect(data.items[0]?.line).toBe(27);
  });

  it('refuses missing paths and folders without JSON files', async () => {
    const missing = await unsupported(openCqcSource('/nonexistent/cqc/file.csv'));
    expect(missing.reason).toBe('unreadable');
    expect(missing.message).toMatch(/does not exist/);
    const dir = await tempDir('cqc-empty-folder');
    await writeTemp(dir, 'readme.txt', 'hello');
    expect((await unsupported(openCqcSource(dir))).message).toMatch(/contains no \.json files/);
  });

  it('caps the size of JSON read whole', async () => {
    const big = JSON.stringify(
      Array.from({ length: 200 }, (_, i) => ({
        locationId: `1-${100000000 + i}`,
        providerId: '1-1',
        name: 'x'.repeat(100),
      })),
    );
    const dir = await tempDir('cqc-big');
    const path = await writeTemp(dir, 'big.json', big);
    const error = await unsupported(openCqcSource(path, { maxJsonBytes: 10_000 }));
    expect(error.reason).toBe('too-large');
    const chunks = Array.from({ length: 10 }, (_, i) =>
      big.slice((i * big.length) / 10, ((i + 1) * big.length) / 10),
    );
    expect(
      (await unsupported(openCqcStream(Readable.from(chunks), 'big.json', { maxJsonBytes: 10_000 }))).reason,
    ).toBe('too-large');
    expect((await readAll(path)).records).toHaveLength(200);
  });

  it('throws from the iterator forms too, before yielding anything', async () => {
    const dir = await tempDir('cqc-iter');
    const path = await writeTemp(dir, 'image.png', PNG);
    const iterator = readCqcSource(path)[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toBeInstanceOf(UnsupportedFileError);
    const streamIterator = readCqcStream(Readable.from([PNG]), 'upload.png')[Symbol.asyncIterator]();
    await expect(streamIterator.next()).rejects.toThrow(/PNG image/);
  });

  it('detectLayout refuses the same things from a first-bytes sample', () => {
    expect(() => detectLayout(PNG, 'a.png')).toThrow(/PNG image/);
    expect(() => detectLayout(Buffer.from('Name,Age\n'), 'people.csv')).toThrow(/no Location ID column/);
    expect(() => detectLayout(Buffer.from('[{"id": 1}, {"id": 2}, {"i'), 'cut.json')).toThrow(
      /no locationId/,
    );
    expect(detectLayout(Buffer.from('[{"locationId": "1-1234567", "provid'), 'cut.json').layout).toBe(
      'cqc-api-json',
    );
    expect(detectLayout(['Location ID', 'Care home?', 'Location Latitude']).layout).toBe(
      'hsca-active-locations-csv',
    );
    expect(() => detectLayout(['Name', 'Postcode'])).toThrow(UnsupportedFileError);
  });

  const centroids = sharedFile('geo/outcode-centroids.csv');
  it.skipIf(!centroids.exists)('refuses a real CSV of another kind (the outcode centroid list)', async () => {
    const error = await unsupported(openCqcSource(centroids.path));
    expect(error.reason).toBe('not-cqc');
    expect(error.message).toBe(
      'file outcode-centroids.csv is not a CQC data file: no Location ID column found in the first 20 rows',
    );
  });
});

describe('malformed rows are reported and the rest still read', () => {
  const headers = ['Location ID', 'Location Name', 'Provider ID', 'Care homes beds', 'Location Postal Code'];

  it('reports each bad row with its 1-based physical line and reason', async () => {
    const text = csv([
      headers,
      ['1-100000001', 'Good Row', '1-900000001', '12', 'LS1 4AP'],
      ['1-100000002', 'Bad Beds', '1-900000001', '12 beds', 'LS1 4AP'],
      ['', 'No Id', '1-900000001', '5', 'LS1 4AP'],
      ['1-100000004', '', '1-900000001', '5', 'LS1 4AP'],
      ['1-100000005', 'No Provider', '', '5', 'LS1 4AP'],
      ['not an id!', 'Odd Id', '1-900000001', '5', 'LS1 4AP'],
      ['1-100000007', 'Short Row', '1-900000001'],
      ['1-100000008', 'Long Row', '1-900000001', '8', 'LS1 4AP', 'extra', 'cells'],
      ['1-100000009', 'Negative', '1-900000001', '-4', 'LS1 4AP'],
    ]);
    const data = await readBytes(text);
    expect(data.records.map((r) => [r.locationId, r.registeredBeds])).toEqual([
      ['1-100000001', 12],
      ['1-100000007', undefined],
      ['1-100000008', 8],
    ]);
    expect(data.issues).toEqual([
      { line: 3, reason: "bed count '12 beds' is not a whole number", locationId: '1-100000002' },
      { line: 4, reason: 'no location ID (the row describes a provider, not a location)' },
      { line: 5, reason: 'no location name', locationId: '1-100000004' },
      { line: 6, reason: 'no provider ID', locationId: '1-100000005' },
      { line: 7, reason: "location ID 'not an id!' is not a CQC location ID", locationId: 'not an id!' },
      { line: 10, reason: "bed count '-4' is not a whole number", locationId: '1-100000009' },
    ]);
  });

  it('reports an unterminated quote at the end of the file as an issue after the good rows', async () => {
    const text = `${csv([headers, ['1-100000001', 'Good Row', '1-900000001', '12', 'LS1 4AP']])}1-100000002,"Unclosed,1-900000001,3,LS1 4AP\n1-100000003,Swallowed,1-900000001,3,LS1 4AP\n`;
    const data = await readBytes(text);
    expect(data.records.map((r) => r.locationId)).toEqual(['1-100000001']);
    expect(data.issues).toHaveLength(1);
    expect(data.issues[0]?.line).toBe(3);
    expect(data.issues[0]?.reason).toMatch(/could not be read as CSV: Quote Not Closed/);
  });

  it('lets a consumer stop early without hanging or leaking the stream', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [
      `1-${100000000 + i}`,
      `Home ${i}`,
      '1-900000001',
      '10',
      'LS1 4AP',
    ]);
    const stream = Readable.from([Buffer.from(csv([headers, ...rows]))]);
    const source = await openCqcStream(stream, 'many.csv');
    let seen = 0;
    for await (const item of source.items) {
      if (item.record) seen++;
      if (seen === 10) break;
    }
    expect(seen).toBe(10);
  });
});
