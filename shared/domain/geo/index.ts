export * from './distance';
export * from './geohash';
export * from './outcodes';
export * from './postcode';
export * from './regions';
