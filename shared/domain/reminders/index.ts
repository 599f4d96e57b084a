export * from './emails';
export * from './link';
export * from './schedule';
