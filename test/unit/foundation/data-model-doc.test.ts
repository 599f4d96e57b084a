import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDataModel } from '../../../scripts/data-model-doc';
import { TABLE_INDEXES } from '../../../shared/infra/table';

const root = join(__dirname, '..', '..', '..');

describe('docs/data-model.md', () => {
  it('is up to date with the table definition and the area sections', () => {
    const onDisk = readFileSync(join(root, 'docs', 'data-model.md'), 'utf8');
    expect(onDisk, 'run: npx tsx scripts/data-model-doc.ts').toBe(renderDataModel(root));
  });

  it('describes every index the table has', () => {
    const doc = renderDataModel(root);
    for (const i of TABLE_INDEXES) expect(doc).toContain(`| ${i.name} |`);
  });
});
