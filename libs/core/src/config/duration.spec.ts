import { formatDuration, parseDuration, parseRetrySchedule } from './duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['0s', 0],
    [' 5m ', 300_000],
    ['1.5s', 1500],
    ['5d', 432_000_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['10', /expected a number and a unit/],
    ['10x', /expected a number and a unit/],
    ['s', /expected a number and a unit/],
    ['', /expected a number and a unit/],
    ['10 s', /expected a number and a unit/],
    ['1w', /expected a number and a unit/],
    ['10S', /expected a number and a unit/],
    ['-5s', /must not be negative/],
  ])('rejects "%s"', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('parseRetrySchedule', () => {
  it('parses the default schedule into five retries', () => {
    expect(parseRetrySchedule('10s,1m,5m,30m,2h')).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000]);
  });

  it('tolerates spaces around entries', () => {
    expect(parseRetrySchedule(' 500ms , 1s')).toEqual([500, 1000]);
  });

  it.each([
    ['', 'retry schedule is empty (e.g. 10s,1m,5m,30m,2h)'],
    ['10s,,1m', 'retry schedule entry 2 is empty (check for stray commas)'],
    ['10s,1m,', 'retry schedule entry 3 is empty (check for stray commas)'],
    [
      '10s,5y',
      'retry schedule entry 2: invalid duration "5y": expected a number and a unit ms, s, m, h or d (e.g. 10s)',
    ],
    ['-1s', 'retry schedule entry 1: invalid duration "-1s": must not be negative (e.g. 10s)'],
  ])('rejects "%s"', (text, message) => {
    expect(() => parseRetrySchedule(text)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [432_000_000, '5d'],
    [7_200_000, '2h'],
    [90_000, '90s'],
    [1500, '1500ms'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
