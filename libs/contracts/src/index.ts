export * from './lib/errors';
export * from './lib/auth';
export * from './lib/regions';
export * from './lib/organisations';
export * from './lib/users';
export * from './lib/pagination';
export * from './lib/health';
export * from './lib/students';
