export * from './lib/labels';
export * from './lib/roles';
export * from './lib/organisations';
export * from './lib/regions';
export * from './lib/id-number';
export * from './lib/special-status';
export * from './lib/scope';
export * from './lib/password-policy';
