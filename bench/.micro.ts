import { benchHomes, searchMix } from './capacity';
import { compileFilter, prepareSearchHome, SearchIndex, searchParamsSchema, bruteForceSearch } from '../shared/domain/search';
const NOW = Date.now();
const homes = benchHomes().map((h) => prepareSearchHome({
  locationId: h.loc.locationId, name: h.loc.name, latitude: h.loc.lat, longitude: h.loc.lon, localAuthority: h.loc.localAuthority,
  serviceTypes: h.loc.serviceTypes, specialisms: h.loc.userBands, regulatedActivities: h.loc.activities, overallRating: (h.loc.rating || 'Not yet rated') as any,
  services: { ...h.services }, bedRows: h.rows, outOfHoursAdmissions: h.services.outOfHoursAdmissions,
  bedUpdatedAt: h.updatedHoursAgo === null ? null : new Date(NOW - h.updatedHoursAgo * 3.6e6).toISOString(),
}));
const index = new SearchIndex(homes);
const mix = searchMix(benchHomes(), 1000, 7);
const qs = mix.map((s) => ({ s, q: searchParamsSchema.parse(Object.fromEntries(new URLSearchParams(`postcode=${encodeURIComponent(s.postcode)}&radiusMiles=${s.radiusMiles}&${s.filters}`))).query }));
for (let round = 0; round < 3; round++) {
  let t = performance.now(); let ex = 0, inA = 0;
  for (const { s, q } of qs) { const o = index.search({ kind: 'radius', lat: s.lat, lon: s.lon, radiusMiles: s.radiusMiles }, compileFilter(q, NOW), { limit: 20 }); ex += o.examined; inA += o.inArea; }
  const idx = (performance.now() - t) / qs.length;
  t = performance.now();
  for (const { s, q } of qs.slice(0, 200)) bruteForceSearch(homes, { kind: 'radius', lat: s.lat, lon: s.lon, radiusMiles: s.radiusMiles }, compileFilter(q, NOW));
  const bf = (performance.now() - t) / 200;
  console.log(`index ${idx.toFixed(3)} ms/search (examined ${(ex/qs.length).toFixed(0)}, inside ${(inA/qs.length).toFixed(0)}), brute ${bf.toFixed(3)} ms`);
}
