import { DynamicModule, Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { LogPruner } from './log-pruner';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** Delivery logs, the deliveries across webhooks and their stats, redeliver and recover; in workers the retention pruning. */
@Module({})
export class LogsModule {
  static forRoot({ prune }: { prune: boolean }): DynamicModule {
    return {
      module: LogsModule,
      controllers: [LogsController, DeliveriesController, StatsController],
      providers: [LogsService, DeliveriesService, StatsService, ...(prune ? [LogPruner] : [])],
    };
  }
}
