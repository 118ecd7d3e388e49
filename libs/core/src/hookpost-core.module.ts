import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { BullModule } from '@nestjs/bull';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { Connector } from '@hookpost/connector-sdk';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AdminTokenGuard } from './auth/admin-token.guard';
import { ConfigModule } from './config/config.module';
import type { HookpostConfig } from './config/hookpost-config';
import { ConnectorsModule } from './connectors/connectors.module';
import { HealthModule } from './health/health.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { StrictValidationPipe } from './http/strict-validation.pipe';
import { LogsModule } from './logs/logs.module';
import { NewsModule } from './news/news.module';
import { MetricsModule } from './observability/metrics.module';
import { TracingModule } from './observability/tracing.module';
import { PersistenceModule } from './persistence/persistence.module';
import { IntakeModule } from './pipeline/1-intake/intake.module';
import { DispatcherModule } from './pipeline/3-dispatch/dispatcher.module';
import { SigningKeysModule } from './signing/signing-keys.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface HookpostCoreOptions {
  config: HookpostConfig;
  connectors: readonly Connector[];
  /** Where spans go instead of OTLP (tests: an in-memory exporter); it turns tracing on. */
  spanProcessor?: SpanProcessor;
}

/**
 * The whole service for one configuration: the shared ground (configuration, connectors,
 * PostgreSQL, Redis, metrics, tracing), the features (webhooks, the delivery pipeline, logs, health), and
 * the HTTP conventions of the API. What the process's role adds is decided by DispatcherModule.
 */
@Module({})
export class HookpostCoreModule {
  static forRoot({ config, connectors, spanProcessor }: HookpostCoreOptions): DynamicModule {
    const worker = config.role !== 'api';
    return {
      module: HookpostCoreModule,
      imports: [
        ConfigModule.forRoot(config),
        ConnectorsModule.forRoot(connectors),
        EventEmitterModule.forRoot(),
        BullModule.forRoot({ url: config.redisUrl, prefix: config.queuePrefix }),
        PersistenceModule,
        MetricsModule,
        TracingModule.forRoot(config, spanProcessor),
        NewsModule,
        DispatcherModule.forRole({ worker }),
        WebhooksModule,
        IntakeModule,
        LogsModule.forRoot({ prune: worker }),
        HealthModule,
        SigningKeysModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AdminTokenGuard },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
