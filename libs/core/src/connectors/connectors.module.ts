import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Connector } from '@hookpost/connector-sdk';
import { HOOKPOST_CONNECTORS } from '../config/config.tokens';
import { ConnectorRegistry } from './connector-registry';

/** The connectors this application offers, by type, for every feature. */
@Global()
@Module({})
export class ConnectorsModule {
  static forRoot(connectors: readonly Connector[]): DynamicModule {
    return {
      module: ConnectorsModule,
      providers: [{ provide: HOOKPOST_CONNECTORS, useValue: connectors }, ConnectorRegistry],
      exports: [ConnectorRegistry],
    };
  }
}
