import { Injectable } from '@nestjs/common';
import { SqlPool } from '../database/sql-pool';
import { WebhookMatcher } from '../webhooks/webhook-matcher';
import { createId } from '@paralleldrive/cuid2';
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

/**
 * Records an attempt, settles or reschedules its delivery and updates the webhook's health in one
 * statement: one round trip on the hot path, and all three change together or not at all.
 */
@Injectable()
export class AttemptStore {
  constructor(
    private readonly sql: SqlPool,
    private readonly matcher: WebhookMatcher,
  ) {}

  /** `affectsHealth: false` for connection tests: they are logged but do not change the webhook's health. */
  async record(entry: AttemptEntry, { affectsHealth = true } = {}, now = new Date()): Promise<void> {
    const status: DeliveryStatus = entry.succeeded ? 'succeeded' : entry.willRetry ? 'pending' : 'failed';
    await this.sql.query(
      `with attempt as (
         insert into delivery_attempt (cuid, delivery_cuid, webhook_cuid, event, attempt, status, will_retry,
           next_attempt_at, status_code, duration_ms, error_code, error, request_headers, response_body, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15)
       ), delivery as (
         update delivery set attempts = $16, status = $17, next_attempt_at = $18, updated_at = $19 where cuid = $20
       )
       update webhook set
         consecutive_failures = case when $21 then 0 else consecutive_failures + 1 end,
         last_attempt_at = $22, last_status = $23,
         enabled = enabled and $24::text is null,
         disabled_reason = coalesce($25::text, disabled_reason)
       where cuid = $26 and $27`,
      [
        createId(),
        entry.deliveryCuid,
        entry.webhookCuid,
        entry.event,
        entry.attempt,
        entry.succeeded ? 'succeeded' : 'failed',
        entry.willRetry,
        entry.nextAttemptAt,
        entry.statusCode,
        entry.durationMs,
        entry.errorCode,
        entry.error,
        entry.requestHeaders,
        entry.responseBody,
        now,
        entry.attempt,
        status,
        entry.nextAttemptAt,
        now,
        entry.deliveryCuid,
        entry.succeeded,
        now,
        entry.succeeded ? 'succeeded' : 'failed',
        entry.disableReason ?? null,
        entry.disableReason ?? null,
        entry.webhookCuid,
        affectsHealth,
      ],
    );
    if (entry.disableReason) this.matcher.invalidate(); // a disabled webhook gets no new deliveries
  }
}
