export * from './connector';
export * from './event-catalog';
export * from './event-context';
export * from './event-context.schema';
export * from './event-facts';
export * from './sample-events';
export * from './text';
