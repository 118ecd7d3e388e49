export * from './connector';
export * from './event-catalog';
export * from './event-context';
