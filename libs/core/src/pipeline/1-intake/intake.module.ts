import { Module } from '@nestjs/common';
import { WebhooksModule } from '../../webhooks/webhooks.module';
import { OutboxModule } from '../2-outbox/outbox.module';
import { EventBusListener } from './event-bus.listener';
import { EventsController } from './events.controller';
import { IntakeService } from './intake.service';

/** Stage 1: events in, from producers over HTTP and from modules of this process on the event bus. */
@Module({
  imports: [WebhooksModule, OutboxModule],
  controllers: [EventsController],
  providers: [IntakeService, EventBusListener],
  exports: [IntakeService],
})
export class IntakeModule {}
