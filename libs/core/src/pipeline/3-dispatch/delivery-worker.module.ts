import { Module } from '@nestjs/common';
import { AttemptModule } from '../4-attempt/attempt.module';
import { DeliveryReconciler } from './delivery-reconciler';
import { DispatchModule } from './dispatch.module';
import { EndpointGate } from './endpoint-gate';
import { LocalDispatcher } from './local.dispatcher';
import { QueueConsumer } from './queue.consumer';
import { WorkerSlots } from './worker-slots';

/**
 * What makes a process a worker (HOOKPOST_ROLE worker or all; loaded only then): attempt slots fed by
 * its own intake and by the queue, and the reconciler.
 */
@Module({
  imports: [DispatchModule, AttemptModule],
  providers: [WorkerSlots, EndpointGate, LocalDispatcher, QueueConsumer, DeliveryReconciler],
  exports: [LocalDispatcher],
})
export class DeliveryWorkerModule {}
