import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHostileCorpus, type HostileFile } from '../../../scripts/hostile-corpus';
import { readBulkUpload } from '../../../shared/infra/xlsx/reader';
import { ms } from './helpers';

const OUT = fileURLToPath(new URL('../../.tmp/hostile', import.meta.url));

// Fixed list so the test names exist before the corpus is generated.
const NAMES = [
  'zip-bomb-declared',
  'zip-bomb-lying',
  'zip-bomb-ratio',
  'zip-bomb-overlapping',
  'whole-sheet-validation',
  'whole-sheet-merge',
  'whole-sheet-conditional-format',
  'whole-sheet-named-range',
  'proto-sheet-name',
  'proto-headers',
  'formula-plain',
  'formula-shared',
  'formula-shared-child-only',
  'formula-care-homes',
  'png-renamed',
  'empty',
  'truncated',
  'encrypted-ole',
  'path-traversal',
  'too-many-parts',
  'oversized',
  'rows-100k',
  'shared-strings-flood',
];

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

describe('hostile uploads', () => {
  let corpus: Map<string, HostileFile>;
  const timings: Array<{ name: string; kb: number; ms: number; reason: string }> = [];
  const before = protoKeys();

  beforeAll(async () => {
    corpus = new Map((await generateHostileCorpus(path.resolve(OUT))).map((f) => [f.name, f]));
  }, 180_000);

  afterAll(() => {
    console.log(
      `\nHostile corpus (readBulkUpload wall time):\n${timings
        .map(
          (t) =>
            `  ${t.name.padEnd(32)} ${String(t.kb).padStart(6)} KB ${String(t.ms).padStart(5)} ms  ${t.reason}`,
        )
        .join('\n')}`,
    );
  });

  it('covers every generated file', () => {
    expect([...corpus.keys()].sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('rejects %s with a clear reason, quickly', async (name) => {
    const file = corpus.get(name);
    if (!file) throw new Error(`no corpus file ${name}`);
    const bytes = await readFile(file.file);
    const started = performance.now();
    const result = await readBulkUpload(bytes);
    const took = ms(started);
    const reason = result.ok ? 'ACCEPTED' : result.reason;
    timings.push({ name, kb: Math.round(bytes.length / 1024), ms: took, reason });
    expect(result.ok).toBe(false);
    expect(reason).toContain(file.expect);
    // The target is 2 s; this bound only catches hangs without flaking on a busy machine.
    expect(took).toBeLessThan(10_000);
    expect(protoKeys()).toEqual(before);
  });

  it('leaves the process up and Object.prototype untouched', async () => {
    expect(protoKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeGreaterThan(0);
    // The reader still works after all of that.
    const again = await readBulkUpload(await readFile(corpus.get('formula-plain')?.file ?? ''));
    expect(again.ok).toBe(false);
  });
});
