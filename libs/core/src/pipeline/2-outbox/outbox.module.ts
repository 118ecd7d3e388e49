import { Module } from '@nestjs/common';
import { OutboxWriter } from './outbox.writer';

/** Stage 2: events and their deliveries stored together, then dispatched (DISPATCHER, by role). */
@Module({ providers: [OutboxWriter], exports: [OutboxWriter] })
export class OutboxModule {}
