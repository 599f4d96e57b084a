import { openCqcSource } from './shared/app/cqc-parse';

const c0 = process.cpuUsage();
const t = performance.now();
const src = await openCqcSource('.data/generated/hsca-active-locations.csv');
let n = 0;
for await (const it of src.items) if (it.record) n++;
const c = process.cpuUsage(c0);
console.log(
  n,
  'wall',
  (performance.now() - t).toFixed(0) + 'ms',
  'cpu',
  ((c.user + c.system) / 1000).toFixed(0) + 'ms',
);
