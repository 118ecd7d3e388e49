import { fitToBytes, jsonBytes, truncate, truncateToBytes } from './text';

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab🚀cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });
});

describe('truncateToBytes', () => {
  it('fits the JSON-escaped UTF-8 size, quotes included', () => {
    for (const text of ['x'.repeat(1000), '日'.repeat(1000), '"\n'.repeat(1000), '\u0000'.repeat(1000)]) {
      const cut = truncateToBytes(text, 301);
      expect(jsonBytes(cut)).toBeLessThanOrEqual(301);
      expect(jsonBytes(cut)).toBeGreaterThan(290);
    }
    expect(truncateToBytes('short', 100)).toBe('short');
  });
});

describe('fitToBytes', () => {
  const body = (text: string) => ({ title: 'Fixed', text });

  it('gives the text the room the rest of the body leaves', () => {
    const fitted = fitToBytes(body, '日'.repeat(1000), 200);
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(200);
    expect(jsonBytes(fitted)).toBeGreaterThan(195);
    expect(fitted.title).toBe('Fixed');
    expect(fitToBytes(body, 'short', 200)).toEqual({ title: 'Fixed', text: 'short' });
  });
});
