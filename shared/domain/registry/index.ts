export * from './columns';
export * from './normalise';
export * from './rows';
export * from './types';
