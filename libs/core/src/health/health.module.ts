import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DispatchModule } from '../pipeline/3-dispatch/dispatch.module';
import { DatabaseHealthIndicator } from './database.health';
import { HealthController } from './health.controller';
import { QueueHealthIndicator } from './queue.health';

/** `GET /health` for load balancers: PostgreSQL, Redis and the queue's depth. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DispatchModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, QueueHealthIndicator],
})
export class HealthModule {}
