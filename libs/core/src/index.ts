export * from './config/hookpost-config';
export * from './config/config.tokens';
export * from './connectors/connector-registry';
export * from './hookpost-core.module';
export * from './http/configure-http-app';
export * from './database/database-bootstrap';
export * from './version';
