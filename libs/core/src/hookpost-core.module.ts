import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { BullModule } from '@nestjs/bull';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { TerminusModule } from '@nestjs/terminus';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { Connector } from '@hookpost/connector-sdk';
import { AdminTokenGuard } from './auth/admin-token.guard';
import { CatalogController } from './catalog/catalog.controller';
import { HOOKPOST_CONFIG, HOOKPOST_CONNECTORS } from './config/config.tokens';
import type { HookpostConfig } from './config/hookpost-config';
import { ConnectorRegistry } from './connectors/connector-registry';
import { SecretCipher } from './crypto/secret-cipher';
import { ensureDatabase } from './database/database-bootstrap';
import { DatabaseMigrator } from './database/database-migrator';
import { SqlPool } from './database/sql-pool';
import { ENTITIES } from './database/entities';
import { mikroOrmOptions } from './database/mikro-orm.options';
import { AttemptStore } from './delivery/attempt-store';
import { DELIVERY_BACKOFF, DELIVERY_QUEUE, DeliveryQueue, deliveryBackoff } from './delivery/delivery-queue';
import { DeliveryReconciler } from './delivery/delivery-reconciler';
import { DeliveryRunner } from './delivery/delivery-runner';
import { DeliverySender } from './delivery/delivery-sender';
import { DeliveryTransport } from './delivery/delivery-transport';
import { DeliveryWorker } from './delivery/delivery.worker';
import { EventBusListener } from './events/event-bus.listener';
import { EventIntakeService } from './events/event-intake.service';
import { EventsController } from './events/events.controller';
import { DeliveriesController } from './logs/deliveries.controller';
import { DeliveriesService } from './logs/deliveries.service';
import { LogPruner } from './logs/log-pruner';
import { DeliveryReporter } from './observability/delivery-reporter';
import { MetricsController } from './observability/metrics.controller';
import { MetricsService } from './observability/metrics.service';
import { WebhookPreviewController } from './preview/webhook-preview.controller';
import { WebhookPreviewService } from './preview/webhook-preview.service';
import { WebhookTesterController } from './testing/webhook-tester.controller';
import { WebhookTesterService } from './testing/webhook-tester.service';
import { HealthController } from './health/health.controller';
import { QueueHealthIndicator } from './health/queue.health';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { StrictValidationPipe } from './http/strict-validation.pipe';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';
import { WebhookMatcher } from './webhooks/webhook-matcher';

export interface HookpostCoreOptions {
  config: HookpostConfig;
  connectors: readonly Connector[];
}

/** The shared core: configuration CRUD, catalog, storage, queue and the HTTP conventions of the API. */
@Module({})
export class HookpostCoreModule implements NestModule {
  static forRoot({ config, connectors }: HookpostCoreOptions): DynamicModule {
    return {
      module: HookpostCoreModule,
      global: true,
      imports: [
        MikroOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureDatabase(config.databaseUrl);
            return { ...mikroOrmOptions(config.databaseUrl), registerRequestContext: true };
          },
          driver: PostgreSqlDriver,
        }),
        MikroOrmModule.forFeature(ENTITIES),
        BullModule.forRoot({ url: config.redisUrl, prefix: config.queuePrefix }),
        BullModule.registerQueue({
          name: DELIVERY_QUEUE,
          settings: {
            backoffStrategies: { [DELIVERY_BACKOFF]: deliveryBackoff },
            // A killed worker's job is picked up again within ~15 s; the lock renews every 5 s meanwhile.
            lockDuration: 10_000,
            stalledInterval: 5_000,
            maxStalledCount: 3,
          },
        }),
        EventEmitterModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        CatalogController,
        WebhookTesterController,
        WebhookPreviewController,
        WebhooksController,
        DeliveriesController,
        EventsController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: HOOKPOST_CONFIG, useValue: config },
        { provide: HOOKPOST_CONNECTORS, useValue: connectors },
        { provide: SecretCipher, useValue: new SecretCipher(config.encryptionKey) },
        { provide: APP_GUARD, useClass: AdminTokenGuard },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        AttemptStore,
        ConnectorRegistry,
        DatabaseMigrator,
        DeliveriesService,
        DeliveryQueue,
        DeliveryReconciler,
        DeliveryReporter,
        DeliveryRunner,
        DeliverySender,
        DeliveryTransport,
        DeliveryWorker,
        EventBusListener,
        EventIntakeService,
        LogPruner,
        MetricsService,
        QueueHealthIndicator,
        SqlPool,
        WebhookPreviewService,
        WebhookTesterService,
        WebhookMatcher,
        WebhooksService,
      ],
      exports: [
        HOOKPOST_CONFIG,
        ConnectorRegistry,
        SecretCipher,
        WebhooksService,
        EventIntakeService,
        DeliveryReconciler,
        MetricsService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes('*path');
  }
}
