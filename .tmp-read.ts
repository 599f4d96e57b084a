import { openCqcSource } from './shared/app/cqc-parse';
for (const f of ['.data/generated/hsca-active-locations.csv', '.data/generated/cqc-directory.csv']) {
  const t = performance.now();
  const src = await openCqcSource(f);
  let rec = 0, iss = 0, warn = 0, ch = 0, beds = 0; const w: string[] = []; const iss1: unknown[] = [];
  let multi: unknown;
  for await (const it of src.items) {
    if (it.record) { rec++; if (it.record.isCareHome) { ch++; beds += it.record.registeredBeds ?? 0; } if (!multi && it.record.address.split(',').length > 4) multi = it.record; }
    if (it.issue) { iss++; iss1.push(it.issue); }
    if (it.warnings) { warn++; w.push(...it.warnings); }
  }
  console.log(f, src.layout, src.encoding, { rec, iss, warn, ch, beds }, (performance.now() - t).toFixed(0) + 'ms', Object.keys(src.columns ?? {}).length);
  console.log(iss1.slice(0, 3), w.slice(0, 5), JSON.stringify(multi));
}
