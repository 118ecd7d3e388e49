import { Injectable } from '@nestjs/common';
import { createId } from '@paralleldrive/cuid2';
import { MicroBatcher } from '../database/micro-batcher';
import { SqlPool } from '../database/sql-pool';
import { WebhookMatcher } from '../webhooks/webhook-matcher';
import type { DeliveryStatus } from './delivery.entity';
import type { AttemptErrorCode } from './delivery-attempt.entity';

export interface AttemptEntry {
  deliveryCuid: string;
  webhookCuid: string;
  event: string;
  attempt: number;
  succeeded: boolean;
  willRetry: boolean;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  durationMs: number;
  errorCode: AttemptErrorCode | null;
  error: string | null;
  requestHeaders: Record<string, string>;
  responseBody: string | null;
  /** Set to disable the webhook (410 Gone). */
  disableReason?: string;
}

interface PendingRecord {
  entry: AttemptEntry;
  affectsHealth: boolean;
  now: Date;
}

interface HealthChange {
  /** A success in the batch: the count restarts from the failures after it. */
  reset: boolean;
  failures: number;
  lastAttemptAt: Date;
  lastStatus: 'succeeded' | 'failed';
  disableReason: string | null;
}

/**
 * Records attempts, settles or reschedules their deliveries and updates their webhooks' health.
 * Attempts finishing together are written in one statement: one round trip and one commit for the
 * batch, and for each attempt all three changes land together or not at all.
 */
@Injectable()
export class AttemptStore {
  private readonly batcher = new MicroBatcher<PendingRecord, void>((batch) => this.write(batch));

  constructor(
    private readonly sql: SqlPool,
    private readonly matcher: WebhookMatcher,
  ) {}

  /** `affectsHealth: false` for connection tests: they are logged but do not change the webhook's health. */
  record(entry: AttemptEntry, { affectsHealth = true } = {}, now = new Date()): Promise<void> {
    return this.batcher.add({ entry, affectsHealth, now });
  }

  private async write(batch: PendingRecord[]): Promise<void[]> {
    const entries = batch.map((record) => record.entry);
    const health = [...healthChanges(batch)];
    await this.sql.query(
      `with attempt as (
         insert into delivery_attempt (cuid, delivery_cuid, webhook_cuid, event, attempt, status, will_retry,
           next_attempt_at, status_code, duration_ms, error_code, error, request_headers, response_body, created_at)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bool[],
           $8::timestamptz[], $9::int[], $10::int[], $11::text[], $12::text[], $13::jsonb[], $14::text[],
           $15::timestamptz[])
       ), delivery_update as (
         update delivery d set attempts = u.attempt, status = u.status, next_attempt_at = u.next_attempt_at,
           updated_at = u.now
           from unnest($2::text[], $5::int[], $16::text[], $8::timestamptz[], $15::timestamptz[])
             as u(cuid, attempt, status, next_attempt_at, now)
          where d.cuid = u.cuid
       )
       update webhook w set
         consecutive_failures = case when h.reset then h.failures else w.consecutive_failures + h.failures end,
         last_attempt_at = h.last_attempt_at, last_status = h.last_status,
         enabled = w.enabled and h.disable_reason is null,
         disabled_reason = coalesce(h.disable_reason, w.disabled_reason)
         from unnest($17::text[], $18::bool[], $19::int[], $20::timestamptz[], $21::text[], $22::text[])
           as h(cuid, reset, failures, last_attempt_at, last_status, disable_reason)
        where w.cuid = h.cuid`,
      [
        entries.map(() => createId()),
        entries.map((e) => e.deliveryCuid),
        entries.map((e) => e.webhookCuid),
        entries.map((e) => e.event),
        entries.map((e) => e.attempt),
        entries.map((e) => (e.succeeded ? 'succeeded' : 'failed')),
        entries.map((e) => e.willRetry),
        entries.map((e) => e.nextAttemptAt),
        entries.map((e) => e.statusCode),
        entries.map((e) => e.durationMs),
        entries.map((e) => e.errorCode),
        entries.map((e) => e.error),
        entries.map((e) => JSON.stringify(e.requestHeaders)),
        entries.map((e) => e.responseBody),
        batch.map((record) => record.now),
        entries.map((e): DeliveryStatus => (e.succeeded ? 'succeeded' : e.willRetry ? 'pending' : 'failed')),
        health.map(([cuid]) => cuid),
        health.map(([, change]) => change.reset),
        health.map(([, change]) => change.failures),
        health.map(([, change]) => change.lastAttemptAt),
        health.map(([, change]) => change.lastStatus),
        health.map(([, change]) => change.disableReason),
      ],
    );
    if (entries.some((entry) => entry.disableReason)) this.matcher.invalidate(); // no new deliveries for it
    return batch.map(() => undefined);
  }
}

/** One health change per webhook for a batch, applying its attempts in order. */
function healthChanges(batch: PendingRecord[]): Map<string, HealthChange> {
  const changes = new Map<string, HealthChange>();
  for (const { entry, affectsHealth, now } of batch) {
    if (!affectsHealth) continue;
    const change = changes.get(entry.webhookCuid) ?? {
      reset: false,
      failures: 0,
      lastAttemptAt: now,
      lastStatus: 'succeeded',
      disableReason: null,
    };
    if (entry.succeeded) Object.assign(change, { reset: true, failures: 0 });
    else change.failures += 1;
    change.lastAttemptAt = now;
    change.lastStatus = entry.succeeded ? 'succeeded' : 'failed';
    change.disableReason = entry.disableReason ?? change.disableReason;
    changes.set(entry.webhookCuid, change);
  }
  return changes;
}
