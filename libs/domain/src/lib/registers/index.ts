export * from './kinds';
export * from './mapping';
export * from './rules';
export * from './comparison';
