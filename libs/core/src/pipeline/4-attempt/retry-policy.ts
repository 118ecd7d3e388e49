/** Retry-After may stretch a delay up to this, never further (a hostile receiver cannot park us). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** ± share of each scheduled delay, so receivers that failed together are not retried together. */
export const JITTER = 0.2;

export interface RetryDelayInput {
  /** 0-based: 0 asks for the delay before retry 1. */
  retryIndex: number;
  schedule: readonly number[];
  statusCode?: number;
  /** The response's Retry-After header: delay-seconds or an HTTP date. */
  retryAfter?: string;
  /** Returns [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  /** Reference time for an HTTP-date Retry-After; defaults to now. */
  now?: number;
}

/** Milliseconds to wait before the next retry, or null when the schedule is used up. */
export function retryDelay(input: RetryDelayInput): number | null {
  const { retryIndex, schedule, random = Math.random } = input;
  if (!Number.isInteger(retryIndex) || retryIndex < 0) {
    throw new RangeError(`retryIndex must be a non-negative integer, got ${retryIndex}`);
  }
  if (retryIndex >= schedule.length) return null;

  const jittered = jitter(schedule[retryIndex], random);
  if (input.statusCode !== 429 && input.statusCode !== 503) return jittered;
  const requested = input.retryAfter === undefined ? null : parseRetryAfter(input.retryAfter, input.now);
  return requested === null ? jittered : Math.max(jittered, Math.min(requested, MAX_RETRY_AFTER_MS));
}

/** Retry-After in ms from `now` (never negative), or null when the value is not valid. */
export function parseRetryAfter(value: string, now: number = Date.now()): number | null {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only strings with a month or day name: Date.parse also accepts bare numbers and odd forms.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** `ms` moved by up to ±JITTER of itself, so what failed or waited together does not return together. */
export function jitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + JITTER * (2 * random() - 1)));
}
