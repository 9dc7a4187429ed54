export * from './marks';
export * from './risk';
