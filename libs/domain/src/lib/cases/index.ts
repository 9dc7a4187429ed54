export * from './codes';
export * from './settings';
export * from './fields';
export * from './lifecycle';
export * from './transfer';
export * from './referrals';
export * from './photos';
export * from './settings-validation';
