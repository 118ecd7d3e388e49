import { Module } from '@nestjs/common';
import { OutboxModule } from '../2-outbox/outbox.module';
import { EventBusListener } from './event-bus.listener';
import { EventsController } from './events.controller';
import { IntakeService } from './intake.service';
import { OperationalEventListener } from './operational-event.listener';
import { WebhookMatcher } from './webhook-matcher';

/**
 * Stage 1: events in, from producers over HTTP and from modules of this process on the event bus,
 * and Hookpost's own operational events from the record stage.
 */
@Module({
  imports: [OutboxModule],
  controllers: [EventsController],
  providers: [IntakeService, WebhookMatcher, EventBusListener, OperationalEventListener],
  exports: [IntakeService],
})
export class IntakeModule {}
