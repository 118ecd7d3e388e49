import { Inject, Injectable } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { formatDuration } from '../../config/duration';
import { isOperationalEvent } from '@hookpost/connector-sdk';
import {
  OPERATIONAL_EVENT,
  type OperationalNews,
  type OperationalWebhook,
} from '../../news/operational-news';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WEBHOOKS_CHANGED, type WebhooksChanged } from '../../news/webhook-news';
import {
  AttemptRepository,
  type AttemptRecord,
  type HealthChange,
  type HealthRules,
  type HealthTransition,
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
 * webhook is news for whoever keeps copies of webhooks; a webhook whose failures reach the alert,
 * one disabled, and a delivery that used its last retry are operational events (never about a
 * delivery of an operational event).
 */
@Injectable()
export class AttemptRecorder {
  // Recording waits a few milliseconds to batch more: nothing downstream of a receipt waits on it.
  // One statement at a time: each locks its webhooks' rows for the health update, so statements
  // running together would only queue in PostgreSQL, each holding a connection and its attempts'
  // worker slots; one at a time, the attempts that finish meanwhile go in the next, larger batch.
  private readonly batcher = new MicroBatcher<RecordedAttempt, void>(
    (batch) => this.write(batch),
    200,
    RECORD_WINDOW_MS,
    1,
  );

  private readonly rules: HealthRules;

  constructor(
    private readonly attempts: AttemptRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly reporter: DeliveryReporter,
    private readonly events: EventEmitter2,
    @Inject(HOOKPOST_CONFIG) config: HookpostConfig,
  ) {
    this.rules = {
      alertAfterFailures: config.alertAfterFailures,
      disableAfterMs: config.disableAfterMs,
      overdueReason: `Failing without a success for ${formatDuration(config.disableAfterMs)}`,
    };
  }

  record(attempt: RecordedAttempt): Promise<void> {
    return this.batcher.add(attempt);
  }

  /** A delivery whose webhook was disabled before it went out: settled without an attempt. */
  async cancelled(connector: string, delivery: DeliveryIdentity, now = new Date()): Promise<void> {
    await this.deliveries.cancel(delivery.deliveryCuid, now);
    this.reporter.cancelled(connector, delivery);
  }

  private async write(batch: RecordedAttempt[]): Promise<void[]> {
    const transitions = await this.attempts.record(
      batch.map((attempt) => attempt.record),
      healthChanges(batch),
      this.rules,
    );
    for (const attempt of batch) this.reporter.attempted(attempt.report);
    const disabled = transitions.filter((change) => change.disabled).map((change) => change.webhookCuid);
    if (disabled.length) this.events.emit(WEBHOOKS_CHANGED, { cuids: disabled } satisfies WebhooksChanged);
    for (const news of operationalNews(batch, transitions)) this.events.emit(OPERATIONAL_EVENT, news);
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
      firstFailureAt: null,
      lastAttemptAt: record.at,
      lastStatus: 'succeeded' as const,
      lastError: null,
      disableReason: null,
    };
    if (record.succeeded) Object.assign(change, { reset: true, failures: 0, firstFailureAt: null });
    else {
      if (change.failures === 0) change.firstFailureAt = record.at;
      change.failures += 1;
      change.lastError = { message: record.error ?? `HTTP ${record.statusCode}`, at: record.at };
    }
    change.lastAttemptAt = record.at;
    change.lastStatus = record.succeeded ? 'succeeded' : 'failed';
    change.disableReason = disableReason ?? change.disableReason;
    changes.set(record.webhookCuid, change);
  }
  return [...changes.values()];
}

/**
 * The operational events a recorded batch raises: WebhookFailing and WebhookDisabled for webhooks the
 * batch moved there, DeliveryFailed for each delivery it settled as failed. None of them about an
 * attempt of an operational event's delivery: a webhook that fails at its alerts raises no more.
 */
export function operationalNews(
  batch: RecordedAttempt[],
  transitions: HealthTransition[],
): OperationalNews[] {
  // Connection tests are not deliveries, and operational events raise none about themselves.
  const ordinary = batch.filter(
    ({ record, affectsHealth }) => affectsHealth && !isOperationalEvent(record.event),
  );
  const concerned = new Set(ordinary.map(({ record }) => record.webhookCuid));
  const news: OperationalNews[] = [];
  const webhooks = new Map<string, OperationalWebhook>();
  for (const change of transitions.filter(({ webhookCuid }) => concerned.has(webhookCuid))) {
    const webhook = {
      cuid: change.webhookCuid,
      name: change.name,
      consecutiveFailures: change.consecutiveFailures,
      failingSince: change.failingSince?.toISOString() ?? null,
      lastError: change.lastError,
      disabledReason: change.disabledReason,
    };
    webhooks.set(change.webhookCuid, webhook);
    if (change.alerted) news.push({ event: 'WebhookFailing', webhook });
    if (change.disabled) news.push({ event: 'WebhookDisabled', webhook });
  }
  for (const { record } of ordinary.filter(({ record }) => record.status === 'failed')) {
    const webhook = webhooks.get(record.webhookCuid);
    if (!webhook) continue; // every attempt that counts for health has its webhook's transition
    news.push({
      event: 'DeliveryFailed',
      webhook,
      delivery: {
        cuid: record.deliveryCuid,
        event: record.event,
        attempts: record.attempt,
        error: record.error,
      },
    });
  }
  return news;
}
