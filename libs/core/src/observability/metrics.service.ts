import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type AttemptMetricOutcome = 'succeeded' | 'retry' | 'failed';

/** Queue states exported as `hookpost_queue_jobs{state}`. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A scrape must answer even when Redis does not; the queue gauges are then left out. */
const QUEUE_COUNT_TIMEOUT_MS = 1000;

/**
 * Prometheus metrics of one application. The registry belongs to this provider, not prom-client's
 * global one, so several applications in one process (end-to-end tests) keep separate counts.
 * The record methods sit on the delivery hot path: synchronous, only label lookups.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly deliveries = new Counter({
    name: 'hookpost_deliveries_total',
    help: 'Deliveries settled, by connector, event and outcome (succeeded, failed, cancelled)',
    labelNames: ['connector', 'event', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly attempts = new Counter({
    name: 'hookpost_delivery_attempts_total',
    help: 'Delivery attempts, by connector, event and outcome (succeeded, retry, failed)',
    labelNames: ['connector', 'event', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly attemptDuration = new Histogram({
    name: 'hookpost_attempt_duration_seconds',
    help: 'Duration of one delivery attempt (connect, send, response), by connector and outcome',
    labelNames: ['connector', 'outcome'] as const,
    // Webhook endpoints answer in tens of milliseconds to seconds; the default timeout is 5 s.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly events = new Counter({
    name: 'hookpost_events_total',
    help: 'Events accepted (stored with their deliveries), by event',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * `hookpost_queue_jobs{state}`, read from the queue at scrape time; the queue's owner registers
   * it, so metrics depend on nothing. Left out of a scrape when the queue does not answer in time.
   */
  registerQueueGauge(jobCounts: () => Promise<Record<(typeof QUEUE_STATES)[number], number>>): void {
    new Gauge({
      name: 'hookpost_queue_jobs',
      help: 'Delivery jobs in the Bull queue by state, read at scrape time',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await withTimeout(jobCounts(), QUEUE_COUNT_TIMEOUT_MS).catch(() => null);
        this.reset();
        if (counts) for (const state of QUEUE_STATES) this.set({ state }, counts[state]);
      },
    });
  }

  /** One recorded attempt; `failed` and `succeeded` also settle the delivery. */
  recordAttempt(connector: string, event: string, outcome: AttemptMetricOutcome, durationMs: number): void {
    this.attempts.labels(connector, event, outcome).inc();
    this.attemptDuration.labels(connector, outcome).observe(durationMs / 1000);
    if (outcome !== 'retry') this.deliveries.labels(connector, event, outcome).inc();
  }

  /** A delivery settled without an attempt because its webhook was disabled meanwhile. */
  recordCancelled(connector: string, event: string): void {
    this.deliveries.labels(connector, event, 'cancelled').inc();
  }

  recordEvent(event: string): void {
    this.events.labels(event).inc();
  }

  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
