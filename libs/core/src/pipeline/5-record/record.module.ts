import { Module } from '@nestjs/common';
import { AttemptRecorder } from './attempt-recorder';
import { DeliveryReporter } from './delivery-reporter';

/** Stage 5: attempts recorded in PostgreSQL, reported to metrics and logs. */
@Module({ providers: [AttemptRecorder, DeliveryReporter], exports: [AttemptRecorder] })
export class RecordModule {}
