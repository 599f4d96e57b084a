export * from './confirm';
export * from './job';
export * from './ports';
export * from './ses-events';
