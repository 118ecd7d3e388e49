import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WEBHOOKS_CHANGED, type WebhooksChanged } from '../../news/webhook-news';
import {
  AttemptRepository,
  type AttemptRecord,
  type HealthChange,
} from '../../persistence/attempt.repository';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { MicroBatcher } from '../../persistence/micro-batcher';
import { DeliveryReporter, type DeliveryIdentity, type ReportedAttempt } from './delivery-reporter';

const RECORD_WINDOW_MS = 5;

/** One attempt to record: its row and delivery state, whether it counts for health, and its report. */
export interface RecordedAttempt {
  record: AttemptRecord;
  /** Set when the attempt's endpoint asked never to be called again: the webhook is disabled. */
  disableReason: string | null;
  /** Connection tests are logged but leave the webhook's health alone. */
  affectsHealth: boolean;
  report: ReportedAttempt;
}

/**
 * The last stage: attempts that finish together are written in one statement (their rows, their
 * deliveries' state, their webhooks' health), then reported to metrics and logs. A disabled
 * webhook is news for whoever keeps copies of webhooks.
 */
@Injectable()
export class AttemptRecorder {
  // Recording waits a few milliseconds to batch more: nothing downstream of a receipt waits on it.
  private readonly batcher = new MicroBatcher<RecordedAttempt, void>(
    (batch) => this.write(batch),
    200,
    RECORD_WINDOW_MS,
  );

  constructor(
    private readonly attempts: AttemptRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly reporter: DeliveryReporter,
    private readonly events: EventEmitter2,
  ) {}

  record(attempt: RecordedAttempt): Promise<void> {
    return this.batcher.add(attempt);
  }

  /** A delivery whose webhook was disabled before it went out: settled without an attempt. */
  async cancelled(connector: string, delivery: DeliveryIdentity, now = new Date()): Promise<void> {
    await this.deliveries.cancel(delivery.deliveryCuid, now);
    this.reporter.cancelled(connector, delivery);
  }

  private async write(batch: RecordedAttempt[]): Promise<void[]> {
    await this.attempts.record(
      batch.map((attempt) => attempt.record),
      healthChanges(batch),
    );
    for (const attempt of batch) this.reporter.attempted(attempt.report);
    const disabled = batch.filter((attempt) => attempt.disableReason).map((a) => a.record.webhookCuid);
    if (disabled.length) this.events.emit(WEBHOOKS_CHANGED, { cuids: disabled } satisfies WebhooksChanged);
    return batch.map(() => undefined);
  }
}

/** One health change per webhook for a batch, applying its attempts in order. */
export function healthChanges(batch: RecordedAttempt[]): HealthChange[] {
  const changes = new Map<string, HealthChange>();
  for (const { record, disableReason, affectsHealth } of batch) {
    if (!affectsHealth) continue;
    const change = changes.get(record.webhookCuid) ?? {
      webhookCuid: record.webhookCuid,
      reset: false,
      failures: 0,
      lastAttemptAt: record.at,
      lastStatus: 'succeeded' as const,
      disableReason: null,
    };
    if (record.succeeded) Object.assign(change, { reset: true, failures: 0 });
    else change.failures += 1;
    change.lastAttemptAt = record.at;
    change.lastStatus = record.succeeded ? 'succeeded' : 'failed';
    change.disableReason = disableReason ?? change.disableReason;
    changes.set(record.webhookCuid, change);
  }
  return [...changes.values()];
}
