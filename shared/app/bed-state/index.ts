export { bedStateService } from './container';
export * from './ports';
export * from './types';
export * from './update-bed-state';
export * from './update-many';
export { bedStateView, currentTable, servicesView } from './views';
