import { DynamicModule, Global, Module } from '@nestjs/common';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { HookpostConfig } from '../config/hookpost-config';
import { TRACING, Tracing } from './tracing';

/** OpenTelemetry tracing (`TRACING`) for every stage; a test passes a span processor of its own. */
@Global()
@Module({})
export class TracingModule {
  static forRoot(config: HookpostConfig, spanProcessor?: SpanProcessor): DynamicModule {
    return {
      module: TracingModule,
      providers: [{ provide: TRACING, useFactory: () => Tracing.create(config.tracing, spanProcessor) }],
      exports: [TRACING],
    };
  }
}
