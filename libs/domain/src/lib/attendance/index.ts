export * from './marks';
export * from './risk';
export * from './risk-validation';
