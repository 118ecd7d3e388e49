import {
  formatDuration,
  formatHeaders,
  formatPercent,
  formatRelative,
  formatTime,
  prettyBody,
  splitList,
} from './format';

describe('console formatting', () => {
  it('splits a list typed with commas or one per line into distinct trimmed entries', () => {
    expect(splitList(' a, b\n\nc ,a,\n b ')).toEqual(['a', 'b', 'c']);
    expect(splitList(' , \n')).toEqual([]);
  });

  it.each<[number | null, string]>([
    [null, '—'],
    [0, '0 ms'],
    [840.4, '840 ms'],
    [999.4, '999 ms'],
    [1000, '1.0 s'],
    [1234, '1.2 s'],
    [9_949, '9.9 s'],
    [10_000, '10 s'],
    [65_400, '65 s'],
  ])('shows a duration of %p ms as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each<[number | null, string]>([
    [null, '—'],
    [0, '0%'],
    [12.34, '12.3%'],
    [99.94, '99.9%'],
    [99.96, '99.9%'], // never a rounded-up 100% while something failed
    [100, '100%'],
  ])('shows a share of %p as %p', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it('says how far a time is from now in its largest whole unit', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    expect(formatRelative('2026-01-01T11:57:30Z', now)).toBe(relative.format(-2, 'minute'));
    expect(formatRelative('2026-01-01T13:00:00Z', now)).toBe(relative.format(1, 'hour'));
    expect(formatRelative('2025-12-29T12:00:00Z', now)).toBe(relative.format(-3, 'day'));
    expect(formatRelative('2026-01-01T11:59:59.600Z', now)).toBe(relative.format(0, 'second'));
  });

  it('shows a missing time as a dash', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('2026-01-01T00:00:00Z')).not.toBe('—');
  });

  it('pretty-prints JSON bodies and shows anything else as sent', () => {
    expect(prettyBody('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyBody('plain text')).toBe('plain text');
    expect(prettyBody('')).toBe('(empty)');
    expect(prettyBody(null)).toBe('(empty)');
  });

  it('shows headers one per line', () => {
    expect(formatHeaders({ 'content-type': 'application/json', 'x-hookpost-attempt': '2' })).toBe(
      'content-type: application/json\nx-hookpost-attempt: 2',
    );
  });
});
