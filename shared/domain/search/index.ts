export * from './engine';
export * from './export';
export * from './filter';
export * from './home';
export * from './page';
export * from './query';
export * from './result';
