import { DynamicModule, Module } from '@nestjs/common';
import { HookpostConfig, HookpostCoreModule } from '@hookpost/core';
import { CONNECTORS } from './connectors';
import { ExampleUpstreamModule } from './example-upstream/example-upstream.module';

@Module({})
export class AppModule {
  static forRoot(config: HookpostConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [HookpostCoreModule.forRoot({ config, connectors: CONNECTORS }), ExampleUpstreamModule],
    };
  }
}
