import { DynamicModule, Module } from '@nestjs/common';
import { LogPruner } from './log-pruner';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';

/** Delivery logs, redeliver and recover; in worker processes also the retention pruning. */
@Module({})
export class LogsModule {
  static forRoot({ prune }: { prune: boolean }): DynamicModule {
    return {
      module: LogsModule,
      controllers: [LogsController],
      providers: [LogsService, ...(prune ? [LogPruner] : [])],
    };
  }
}
