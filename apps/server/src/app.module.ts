import { DynamicModule, Module } from '@nestjs/common';
import type { Connector } from '@hookpost/connector-sdk';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HookpostConfig, HookpostCoreModule } from '@hookpost/core';
import { ExampleUpstreamModule } from './example-upstream/example-upstream.module';

@Module({})
export class AppModule {
  static forRoot(
    config: HookpostConfig,
    connectors: readonly Connector[],
    spanProcessor?: SpanProcessor,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [HookpostCoreModule.forRoot({ config, connectors, spanProcessor }), ExampleUpstreamModule],
    };
  }
}
