export * from './bed-state';
export * from './derived';
export * from './errors';
export * from './freshness';
export * from './services-offered';
export * from './vocabulary';
