import type { AttemptSummary, DeliveryAttempt, DeliveryStatus, DeliverySummary } from './types';

/** Badge colours (styles.css): green done, amber still trying, red given up, grey waiting or stopped. */
export type Tone = 'ok' | 'warn' | 'bad' | 'idle' | 'off';

export interface Outcome {
  label: string;
  tone: Tone;
}

/** A delivery that will be retried is amber; only one that used its last retry is a red "failed". */
export const DELIVERY_TONES: Record<DeliveryStatus, Tone> = {
  succeeded: 'ok',
  retrying: 'warn',
  failed: 'bad',
  pending: 'idle',
  cancelled: 'off',
};

/**
 * One attempt under its delivery: a failure another attempt followed is "retried", a failure whose
 * retry is still to come is "retrying" (both amber); only the last attempt of a delivery that will
 * not be tried again reads "failed" in red.
 */
export function attemptOutcome(attempt: AttemptSummary, delivery: DeliverySummary): Outcome {
  if (attempt.status === 'succeeded') return { label: 'succeeded', tone: 'ok' };
  const last = Math.max(...delivery.attempts.map((entry) => entry.attempt));
  if (attempt.attempt < last) return { label: 'retried', tone: 'warn' };
  if (delivery.status === 'retrying' || delivery.status === 'pending')
    return { label: 'retrying', tone: 'warn' };
  return { label: 'failed', tone: 'bad' };
}

/** A logged attempt (a webhook's logs) knows only whether a retry was scheduled after it. */
export function loggedOutcome(attempt: DeliveryAttempt): Outcome {
  if (attempt.status === 'succeeded') return { label: 'succeeded', tone: 'ok' };
  return attempt.willRetry ? { label: 'retrying', tone: 'warn' } : { label: 'failed', tone: 'bad' };
}
