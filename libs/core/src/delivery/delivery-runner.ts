import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher } from '../database/micro-batcher';
import { SqlPool } from '../database/sql-pool';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { SecretCipher } from '../crypto/secret-cipher';
import { DeliveryReporter } from '../observability/delivery-reporter';
import { signingSecrets } from '../crypto/signing-secrets';
import { AttemptStore } from './attempt-store';
import { DeliverySender, type SentAttempt } from './delivery-sender';
import { SLOW_ATTEMPT_MS } from './endpoint-throttle';
import { readUrl } from '../webhooks/webhook-url';
import { retryDelay } from './retry-policy';

interface DueDelivery {
  cuid: string;
  event: string;
  status: string;
  attempts: number;
  retry_base: number;
  body: string | null;
  headers: Record<string, string> | null;
  render_error: string | null;
  webhook_cuid: string;
  type: string;
  url: string;
  url_encrypted: string | null;
  ssl_verification: boolean;
  enabled: boolean;
  secret_encrypted: string | null;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
}

export interface RetryPlan {
  delayMs: number;
  reason: string;
}

export interface AttemptOutcome {
  /** Set when the delivery should be tried again after `delayMs`. */
  retry: RetryPlan | null;
  /** The endpoint timed out or took longer than SLOW_ATTEMPT_MS. */
  slow: boolean;
}

/** The worker's unit of work: the next attempt of one delivery, recorded; says when to retry. */
@Injectable()
export class DeliveryRunner {
  /** Deliveries whose jobs start together are read in one query. */
  private readonly loader = new MicroBatcher<string, DueDelivery | undefined>(async (cuids) => {
    const rows = await this.sql.query<DueDelivery>(
      `select d.cuid, d.event, d.status, d.attempts, d.retry_base, d.body, d.headers, d.render_error,
              w.cuid as webhook_cuid, w.type, w.url, w.url_encrypted, w.ssl_verification, w.enabled,
              w.secret_encrypted, w.previous_secret_encrypted,
              w.previous_secret_expires_at
         from delivery d join webhook w on w.cuid = d.webhook_cuid
        where d.cuid = any($1::text[])`,
      [cuids],
    );
    const byCuid = new Map(rows.map((row) => [row.cuid, row]));
    return cuids.map((cuid) => byCuid.get(cuid));
  });

  constructor(
    private readonly sql: SqlPool,
    private readonly sender: DeliverySender,
    private readonly store: AttemptStore,
    private readonly reporter: DeliveryReporter,
    private readonly cipher: SecretCipher,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  /** Returns null when there was nothing to attempt (settled, cancelled or deleted). */
  async run(deliveryCuid: string): Promise<AttemptOutcome | null> {
    const due = await this.loader.add(deliveryCuid);
    if (!due || due.status !== 'pending') return null; // settled, or its webhook was deleted
    if (!due.enabled) {
      await this.sql.query(
        `update delivery set status = 'cancelled', next_attempt_at = null where cuid = $1`,
        [due.cuid],
      );
      this.reporter.cancelled(due.type, {
        deliveryCuid: due.cuid,
        webhookCuid: due.webhook_cuid,
        event: due.event,
      });
      return null;
    }
    const attempt = due.attempts + 1;
    const { result, verdict, requestHeaders } =
      due.body === null ? unrendered(due.render_error) : await this.send({ ...due, body: due.body }, attempt);
    const now = new Date();
    const retryAfter = result.headers['retry-after'];
    const delayMs =
      verdict.outcome === 'retry'
        ? retryDelay({
            retryIndex: attempt - 1 - due.retry_base,
            schedule: this.config.retrySchedule,
            statusCode: result.statusCode,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          })
        : null;
    await this.store.record(
      {
        deliveryCuid: due.cuid,
        webhookCuid: due.webhook_cuid,
        event: due.event,
        attempt,
        succeeded: verdict.outcome === 'success',
        willRetry: delayMs !== null,
        nextAttemptAt: delayMs === null ? null : new Date(now.getTime() + delayMs),
        statusCode: result.statusCode ?? null,
        durationMs: result.durationMs,
        errorCode: verdict.errorCode,
        error: verdict.error,
        requestHeaders,
        responseBody: result.ok ? result.body : null,
        disableReason: verdict.disableReason,
      },
      {},
      now,
    );
    this.reporter.attemptRecorded({
      connector: due.type,
      deliveryCuid: due.cuid,
      webhookCuid: due.webhook_cuid,
      event: due.event,
      attempt,
      result,
      verdict,
      delayMs,
    });
    return {
      retry: delayMs === null ? null : { delayMs, reason: verdict.error ?? 'retry' },
      slow: result.errorCode === 'TIMEOUT' || result.durationMs > SLOW_ATTEMPT_MS,
    };
  }

  private send(due: DueDelivery & { body: string }, attempt: number): Promise<SentAttempt> {
    const target = {
      type: due.type,
      url: readUrl(this.cipher, { url: due.url, urlEncrypted: due.url_encrypted }),
      sslVerification: due.ssl_verification,
      secrets: signingSecrets(this.cipher, {
        secretEncrypted: due.secret_encrypted,
        previousSecretEncrypted: due.previous_secret_encrypted,
        previousSecretExpiresAt: due.previous_secret_expires_at,
      }),
    };
    return this.sender.send(target, due, attempt);
  }
}

/**
 * The attempt of a delivery whose template failed to render at intake: nothing is sent (there is
 * no body) and trying again cannot help, so it fails for good, on redelivery too.
 */
function unrendered(renderError: string | null): SentAttempt {
  const error = `Failed to render message template: ${renderError ?? 'no body was stored'}`;
  return {
    result: { ok: false, headers: {}, body: '', durationMs: 0 },
    verdict: { outcome: 'permanent', errorCode: 'TEMPLATE_ERROR', error },
    requestHeaders: {},
  };
}
