import { Module } from '@nestjs/common';
import { RecordModule } from '../5-record/record.module';
import { DeliveryRunner } from './delivery.runner';
import { DeliverySender } from './delivery-sender';
import { DeliveryTransport } from './delivery-transport';

/**
 * Stage 4: render, sign and send one attempt and decide what comes next. The sender is shared with
 * connection tests; the runner serves the dispatchers of worker processes.
 */
@Module({
  imports: [RecordModule],
  providers: [DeliveryTransport, DeliverySender, DeliveryRunner],
  exports: [DeliverySender, DeliveryRunner, RecordModule],
})
export class AttemptModule {}
