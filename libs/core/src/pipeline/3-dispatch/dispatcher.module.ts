import { DynamicModule, Global, Module } from '@nestjs/common';
import { DeliveryWorkerModule } from './delivery-worker.module';
import { DispatchModule } from './dispatch.module';
import { DISPATCHER } from './dispatcher';
import { LocalDispatcher } from './local.dispatcher';
import { QueueDispatcher } from './queue.dispatcher';

/**
 * The process's role decides where its deliveries go: a worker (HOOKPOST_ROLE worker or all) loads
 * the delivery worker and attempts its own intake's deliveries; an API-only process loads none of it
 * and queues them for the workers.
 */
@Global()
@Module({})
export class DispatcherModule {
  static forRole({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [worker ? DeliveryWorkerModule : DispatchModule],
      providers: [{ provide: DISPATCHER, useExisting: worker ? LocalDispatcher : QueueDispatcher }],
      exports: [DISPATCHER],
    };
  }
}
