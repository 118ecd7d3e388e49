import { Injectable, Logger } from '@nestjs/common';
import { MetricsService, type AttemptMetricOutcome } from '../../observability/metrics.service';
import type { AttemptVerdict } from '../4-attempt/attempt-verdict';

export interface DeliveryIdentity {
  deliveryCuid: string;
  webhookCuid: string;
  event: string;
}

export interface ReportedAttempt extends DeliveryIdentity {
  connector: string;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  verdict: Pick<AttemptVerdict, 'outcome' | 'errorCode' | 'error'>;
  /** Set when the delivery will be tried again: in how long. */
  retryInMs: number | null;
}

/**
 * What the record stage tells operations about each recorded attempt: the metrics, and one
 * structured log line carrying the delivery's cuid. The line is an object, so the pino logger writes
 * its fields as JSON; it names no URL, secret, header or body (a Slack or Teams URL is a credential).
 */
@Injectable()
export class DeliveryReporter {
  private readonly logger = new Logger('Delivery');

  constructor(private readonly metrics: MetricsService) {}

  attempted({
    deliveryCuid,
    webhookCuid,
    event,
    attempt,
    connector,
    statusCode,
    durationMs,
    verdict,
    retryInMs,
  }: ReportedAttempt): void {
    const outcome: AttemptMetricOutcome =
      verdict.outcome === 'success' ? 'succeeded' : retryInMs !== null ? 'retry' : 'failed';
    this.metrics.recordAttempt(connector, event, outcome, durationMs);
    const line = {
      msg: MESSAGES[outcome],
      deliveryCuid,
      webhookCuid,
      event,
      attempt,
      connector,
      outcome,
      statusCode,
      durationMs,
      errorCode: verdict.errorCode,
      error: verdict.error,
      retryInMs,
    };
    if (outcome === 'succeeded') this.logger.log(line);
    else this.logger.warn(line);
  }

  cancelled(connector: string, delivery: DeliveryIdentity): void {
    this.metrics.recordCancelled(connector, delivery.event);
    this.logger.log(
      Object.assign({ msg: 'Delivery cancelled: its webhook is disabled', connector }, delivery),
    );
  }
}

const MESSAGES: Record<AttemptMetricOutcome, string> = {
  succeeded: 'Delivery attempt succeeded',
  retry: 'Delivery attempt failed; will retry',
  failed: 'Delivery attempt failed; giving up',
};
