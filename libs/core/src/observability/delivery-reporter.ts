import { Injectable, Logger } from '@nestjs/common';
import type { AttemptVerdict } from '../delivery/attempt-verdict';
import type { TransportResult } from '../net/http-transport';
import { AttemptOutcome, MetricsService } from './metrics.service';

export interface DeliveryIdentity {
  deliveryCuid: string;
  webhookCuid: string;
  event: string;
}

export interface RecordedAttempt extends DeliveryIdentity {
  connector: string;
  attempt: number;
  result: Pick<TransportResult, 'statusCode' | 'durationMs'>;
  verdict: Pick<AttemptVerdict, 'outcome' | 'errorCode' | 'error'>;
  /** Set when the attempt was rescheduled. */
  delayMs: number | null;
}

/**
 * What the delivery runner tells operations about each attempt: the metrics, and one structured log
 * line carrying the delivery's cuid. The line is an object, so the pino logger writes its fields as
 * JSON; it names no URL, secret, header or body (a Slack or Teams URL is itself a credential).
 */
@Injectable()
export class DeliveryReporter {
  private readonly logger = new Logger('DeliveryRunner');

  constructor(private readonly metrics: MetricsService) {}

  attemptRecorded({ connector, result, verdict, delayMs, ...delivery }: RecordedAttempt): void {
    const outcome: AttemptOutcome =
      verdict.outcome === 'success' ? 'succeeded' : delayMs !== null ? 'retry' : 'failed';
    this.metrics.recordAttempt(connector, delivery.event, outcome, result.durationMs);
    const line = {
      msg: MESSAGES[outcome],
      ...delivery,
      connector,
      outcome,
      statusCode: result.statusCode ?? null,
      durationMs: result.durationMs,
      errorCode: verdict.errorCode,
      error: verdict.error,
      retryInMs: delayMs,
    };
    if (outcome === 'succeeded') this.logger.log(line);
    else this.logger.warn(line);
  }

  cancelled(connector: string, delivery: DeliveryIdentity): void {
    this.metrics.recordCancelled(connector, delivery.event);
    this.logger.log({ msg: 'Delivery cancelled: its webhook is disabled', connector, ...delivery });
  }
}

const MESSAGES: Record<AttemptOutcome, string> = {
  succeeded: 'Delivery attempt succeeded',
  retry: 'Delivery attempt failed; will retry',
  failed: 'Delivery attempt failed; giving up',
};
