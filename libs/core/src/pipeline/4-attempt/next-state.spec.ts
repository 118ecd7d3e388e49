import type { AttemptVerdict } from './attempt-verdict';
import { nextState, type AttemptOutcome } from './next-state';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const SCHEDULE = [10_000, 60_000, 300_000];
const MIDDLE = () => 0.5; // no jitter
const at = (ms: number) => new Date(NOW.getTime() + ms);

const success: AttemptVerdict = { outcome: 'success', errorCode: null, error: null };
const retry: AttemptVerdict = {
  outcome: 'retry',
  errorCode: 'HTTP_ERROR',
  error: 'Failed to call webhook: HTTP 500',
};
const permanent: AttemptVerdict = {
  outcome: 'permanent',
  errorCode: 'BLOCKED_ADDRESS',
  error: 'Failed to call webhook: blocked address',
};
const gone: AttemptVerdict = {
  outcome: 'permanent',
  errorCode: 'HTTP_ERROR',
  error: 'Failed to call webhook: HTTP 410 Gone',
  disableReason: 'The endpoint answered 410 Gone',
};

const outcome = (verdict: AttemptVerdict, statusCode: number | null = 500, headers = {}): AttemptOutcome => ({
  verdict,
  statusCode,
  headers,
});
const decide = (attempts: number, result: AttemptOutcome, retryBase = 0, random = MIDDLE) =>
  nextState({ attempts, retryBase }, result, SCHEDULE, NOW, random);

describe('nextState', () => {
  it('settles a success, whatever attempt it was, and counts it for health', () => {
    for (const attempts of [0, 1, 3, 10]) {
      expect(decide(attempts, outcome(success, 200))).toEqual({
        attempt: attempts + 1,
        status: 'succeeded',
        nextAttemptAt: null,
        health: { succeeded: true, disableReason: null, pressure: 'none', pauseMs: 0 },
      });
    }
  });

  it('schedules each retry on the schedule, then fails once it runs out', () => {
    expect(decide(0, outcome(retry))).toMatchObject({
      attempt: 1,
      status: 'pending',
      nextAttemptAt: at(10_000),
    });
    expect(decide(1, outcome(retry))).toMatchObject({
      attempt: 2,
      status: 'pending',
      nextAttemptAt: at(60_000),
    });
    expect(decide(2, outcome(retry))).toMatchObject({
      attempt: 3,
      status: 'pending',
      nextAttemptAt: at(300_000),
    });
    expect(decide(3, outcome(retry))).toEqual({
      attempt: 4,
      status: 'failed',
      nextAttemptAt: null,
      health: { succeeded: false, disableReason: null, pressure: 'none', pauseMs: 0 },
    });
  });

  it('restarts the schedule after a redelivery', () => {
    expect(decide(4, outcome(retry), 4)).toMatchObject({
      attempt: 5,
      status: 'pending',
      nextAttemptAt: at(10_000),
    });
    expect(decide(6, outcome(retry), 4)).toMatchObject({
      attempt: 7,
      status: 'pending',
      nextAttemptAt: at(300_000),
    });
    expect(decide(7, outcome(retry), 4)).toMatchObject({ attempt: 8, status: 'failed' });
  });

  it('jitters the delay by at most ±20 %', () => {
    expect(decide(0, outcome(retry), 0, () => 0).nextAttemptAt).toEqual(at(8_000));
    expect(decide(0, outcome(retry), 0, () => 0.999999).nextAttemptAt).toEqual(at(12_000));
  });

  it('honours Retry-After on 429 and 503, never below the schedule, at most one hour', () => {
    const limited = (status: number, value: string | string[]) =>
      decide(0, outcome(retry, status, { 'retry-after': value })).nextAttemptAt;
    expect(limited(429, '30')).toEqual(at(30_000));
    expect(limited(503, ['45'])).toEqual(at(45_000));
    expect(limited(429, '2')).toEqual(at(10_000));
    expect(limited(429, '86400')).toEqual(at(3_600_000));
    expect(limited(429, new Date(NOW.getTime() + 120_000).toUTCString())).toEqual(at(120_000));
    expect(limited(500, '30')).toEqual(at(10_000));
    expect(limited(429, 'soon')).toEqual(at(10_000));
  });

  it('fails a permanent error at once, with retries left', () => {
    expect(decide(0, outcome(permanent, null))).toEqual({
      attempt: 1,
      status: 'failed',
      nextAttemptAt: null,
      health: { succeeded: false, disableReason: null, pressure: 'none', pauseMs: 0 },
    });
  });

  it('fails 410 Gone and disables the webhook with the reason', () => {
    expect(decide(1, outcome(gone, 410))).toEqual({
      attempt: 2,
      status: 'failed',
      nextAttemptAt: null,
      health: {
        succeeded: false,
        disableReason: 'The endpoint answered 410 Gone',
        pressure: 'none',
        pauseMs: 0,
      },
    });
  });

  it('reports pressure: 429 and 503 pause the endpoint (Retry-After, at least 1 s, at most 1 h), timeouts shrink it', () => {
    const pressure = (statusCode: number | null, headers = {}, verdict = retry) =>
      decide(0, outcome(verdict, statusCode, headers)).health;
    expect(pressure(429, { 'retry-after': '2' })).toMatchObject({ pressure: 'throttled', pauseMs: 2000 });
    expect(pressure(503)).toMatchObject({ pressure: 'throttled', pauseMs: 1000 });
    expect(pressure(429, { 'retry-after': '0' })).toMatchObject({ pressure: 'throttled', pauseMs: 1000 });
    expect(pressure(429, { 'retry-after': '99999' })).toMatchObject({
      pressure: 'throttled',
      pauseMs: 3_600_000,
    });
    const timedOut: AttemptVerdict = {
      outcome: 'retry',
      errorCode: 'TIMEOUT',
      error: 'Failed to call webhook: timed out',
    };
    expect(pressure(null, {}, timedOut)).toMatchObject({ pressure: 'timeout', pauseMs: 0 });
    expect(pressure(500)).toMatchObject({ pressure: 'none', pauseMs: 0 });
    expect(pressure(200, {}, success)).toMatchObject({ pressure: 'none', pauseMs: 0 });
  });

  it('needs no schedule to settle, and fails a retry when there is none', () => {
    expect(nextState({ attempts: 0, retryBase: 0 }, outcome(success, 200), [], NOW).status).toBe('succeeded');
    expect(nextState({ attempts: 0, retryBase: 0 }, outcome(retry), [], NOW).status).toBe('failed');
  });
});
