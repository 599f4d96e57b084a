import { slug } from '../domain/authz';

/**
 * Key strings of the home entity, shared by every repository that reads or writes the HOME item
 * (registry ingestion, services and bed state, alerts, search). Other entities keep their keys in
 * their own repository module. docs/data-model.md describes them all.
 */
export const homeKeys = {
  pk: (locationId: string) => `HOME#${locationId}`,
  sk: 'HOME',
  historySk: (iso: string, id: string) => `HIST#${iso}#${id}`,
  historyPrefix: 'HIST#',
  /** Geo index: partition per 4-character geohash (~39 x 20 km), sorted by 7-character geohash. */
  geoPk: (geohash: string) => `GEO#${geohash.slice(0, 4)}`,
  geoSk: (geohash: string, locationId: string) => `${geohash.slice(0, 7)}#${locationId}`,
  laPk: (la: string) => `LA#${slug(la)}`,
  subIcbPk: (code: string) => `SUBICB#${code.trim().toUpperCase()}`,
  icbPk: (code: string) => `ICB#${code.trim().toUpperCase()}`,
  regionPk: (region: string) => `REGION#${slug(region)}`,
  providerPk: (providerId: string) => `PROVIDER#${providerId}`,
  /** Sort key within an area index: by name, then id, so listings come out alphabetical. */
  areaSk: (name: string, locationId: string) => `${name.trim().toLowerCase()}#${locationId}`,
  /** Name-word index item of an active home (base table, sk = areaSk): name search without a GSI. */
  wordPk: (word: string) => `HOMEWORD#${word}`,
  /** gsi5 partition for active homes whose region is missing or not English, so every active home is listable. */
  unknownRegion: 'unknown',
  changesPk: (isoDay: string) => `BEDCHANGE#${isoDay.slice(0, 10)}`,
};

/** The geohash precision stored on each home (precision 9 is ~5 m). */
export const HOME_GEOHASH_PRECISION = 9;
