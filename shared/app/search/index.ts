export * from './cursor';
export * from './index-cache';
export * from './ports';
export * from './postcode-cache';
export * from './search-vacancies';
