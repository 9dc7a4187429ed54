export * from './periods';
export * from './figures';
