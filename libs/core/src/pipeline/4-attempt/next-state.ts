import type { AttemptVerdict } from './attempt-verdict';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay } from './retry-policy';

/** Where the delivery stood when the attempt began. */
export interface DeliveryProgress {
  /** Attempts made before this one. */
  attempts: number;
  /** Attempts made before the current round: a redelivery restarts the schedule. */
  retryBase: number;
}

/** What the attempt came to: the verdict on the answer, and the answer's status and headers. */
export interface AttemptOutcome {
  verdict: AttemptVerdict;
  statusCode: number | null;
  headers: Record<string, string | string[] | undefined>;
}

/** What one attempt does to its webhook's health. */
export interface HealthEffect {
  succeeded: boolean;
  /** Set when the endpoint asked never to be called again (410 Gone). */
  disableReason: string | null;
  /**
   * How the endpoint is coping: `throttled` (it answered 429 or 503: pause it `pauseMs` and lower its
   * in-flight limit), `timeout` (lower its limit), `none`.
   */
  pressure: 'none' | 'throttled' | 'timeout';
  pauseMs: number;
}

/** A throttled endpoint is paused at least this long, even without a Retry-After. */
export const MIN_PAUSE_MS = 1000;

export interface NextState {
  /** This attempt's number (X-Hookpost-Attempt). */
  attempt: number;
  status: 'succeeded' | 'pending' | 'failed';
  /** When the next attempt is due; set only while the delivery is pending. */
  nextAttemptAt: Date | null;
  health: HealthEffect;
}

/**
 * The one decision after an attempt (pure: the clock and the dice are arguments). A success settles
 * the delivery; a retryable failure schedules the next attempt on the retry schedule (jittered, and
 * stretched by Retry-After on 429/503) until the schedule runs out; a permanent failure (a blocked
 * address, 410 Gone, a connector's permanent error, a template that cannot render) fails it at once.
 */
export function nextState(
  progress: DeliveryProgress,
  outcome: AttemptOutcome,
  schedule: readonly number[],
  now: Date,
  random: () => number = Math.random,
): NextState {
  const attempt = progress.attempts + 1;
  const { verdict } = outcome;
  const health = Object.assign(
    { succeeded: verdict.outcome === 'success', disableReason: verdict.disableReason ?? null },
    pressureOf(outcome, now),
  );
  if (verdict.outcome === 'success') return { attempt, status: 'succeeded', nextAttemptAt: null, health };
  const delayMs =
    verdict.outcome === 'retry'
      ? retryDelay({
          retryIndex: attempt - 1 - progress.retryBase,
          schedule,
          statusCode: outcome.statusCode ?? undefined,
          retryAfter: firstHeader(outcome.headers['retry-after']),
          random,
          now: now.getTime(),
        })
      : null;
  if (delayMs === null) return { attempt, status: 'failed', nextAttemptAt: null, health };
  return { attempt, status: 'pending', nextAttemptAt: new Date(now.getTime() + delayMs), health };
}

function pressureOf({ statusCode, verdict, headers }: AttemptOutcome, now: Date) {
  if (statusCode === 429 || statusCode === 503) {
    const asked = parseRetryAfter(firstHeader(headers['retry-after']) ?? '', now.getTime()) ?? 0;
    return {
      pressure: 'throttled' as const,
      pauseMs: Math.min(Math.max(asked, MIN_PAUSE_MS), MAX_RETRY_AFTER_MS),
    };
  }
  return { pressure: verdict.errorCode === 'TIMEOUT' ? ('timeout' as const) : ('none' as const), pauseMs: 0 };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
