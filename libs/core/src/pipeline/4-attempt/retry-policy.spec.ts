import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay } from './retry-policy';

describe('retryDelay', () => {
  const schedule = [10_000, 60_000, 300_000];
  const middle = () => 0.5;

  it('follows the schedule and returns null once retries run out', () => {
    expect(retryDelay({ retryIndex: 0, schedule, random: middle })).toBe(10_000);
    expect(retryDelay({ retryIndex: 2, schedule, random: middle })).toBe(300_000);
    expect(retryDelay({ retryIndex: 3, schedule, random: middle })).toBeNull();
    expect(retryDelay({ retryIndex: 0, schedule: [], random: middle })).toBeNull();
  });

  it('jitters by at most ±20 %', () => {
    expect(retryDelay({ retryIndex: 1, schedule, random: () => 0 })).toBe(48_000);
    expect(retryDelay({ retryIndex: 1, schedule, random: () => 0.75 })).toBe(66_000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelay({ retryIndex: 1, schedule })!;
      expect(delay).toBeGreaterThanOrEqual(48_000);
      expect(delay).toBeLessThanOrEqual(72_000);
    }
  });

  it('rejects a negative or fractional index', () => {
    expect(() => retryDelay({ retryIndex: -1, schedule })).toThrow(RangeError);
    expect(() => retryDelay({ retryIndex: 0.5, schedule })).toThrow(RangeError);
  });

  it.each([429, 503])('honours a longer Retry-After in seconds on %d', (statusCode) => {
    expect(retryDelay({ retryIndex: 0, schedule, statusCode, retryAfter: '120', random: middle })).toBe(
      120_000,
    );
  });

  it('keeps the scheduled delay when Retry-After asks for less', () => {
    expect(retryDelay({ retryIndex: 1, schedule, statusCode: 429, retryAfter: '5', random: middle })).toBe(
      60_000,
    );
  });

  it('caps Retry-After at one hour but never shortens the schedule', () => {
    expect(
      retryDelay({ retryIndex: 0, schedule, statusCode: 503, retryAfter: '86400', random: middle }),
    ).toBe(MAX_RETRY_AFTER_MS);
    const long = [3 * MAX_RETRY_AFTER_MS];
    expect(
      retryDelay({ retryIndex: 0, schedule: long, statusCode: 503, retryAfter: '86400', random: middle }),
    ).toBe(3 * MAX_RETRY_AFTER_MS);
  });

  it('reads an HTTP-date Retry-After relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    const retryAfter = 'Wed, 21 Oct 2015 07:38:00 GMT';
    expect(retryDelay({ retryIndex: 0, schedule, statusCode: 429, retryAfter, now, random: middle })).toBe(
      600_000,
    );
  });

  it('ignores Retry-After on other statuses and when it is not valid', () => {
    expect(retryDelay({ retryIndex: 0, schedule, statusCode: 500, retryAfter: '600', random: middle })).toBe(
      10_000,
    );
    expect(retryDelay({ retryIndex: 0, schedule, statusCode: 429, retryAfter: 'soon', random: middle })).toBe(
      10_000,
    );
    expect(retryDelay({ retryIndex: 0, schedule, statusCode: 429, random: middle })).toBe(10_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it.each([
    ['0', 0],
    ['30', 30_000],
    [' 7 ', 7000],
    ['Wed, 01 Jan 2025 00:01:00 GMT', 60_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
    ['Wednesday, 01-Jan-25 00:00:30 GMT', 30_000],
  ])('%s → %s ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each(['', '-5', '1.5', 'soon', 'Foo, 99 Bar 2025'])('rejects "%s"', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});
