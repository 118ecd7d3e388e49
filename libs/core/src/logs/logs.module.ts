import { DynamicModule, Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { LogPruner } from './log-pruner';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';

/** Delivery logs and the deliveries across webhooks, redeliver and recover; in workers the retention pruning. */
@Module({})
export class LogsModule {
  static forRoot({ prune }: { prune: boolean }): DynamicModule {
    return {
      module: LogsModule,
      controllers: [LogsController, DeliveriesController],
      providers: [LogsService, DeliveriesService, ...(prune ? [LogPruner] : [])],
    };
  }
}
