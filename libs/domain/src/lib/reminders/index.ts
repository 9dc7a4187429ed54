export * from './calendar';
export * from './due-items';
export * from './escalation';
