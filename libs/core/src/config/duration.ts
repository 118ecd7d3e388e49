const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `10s`, `1m`, `500ms`, `2h` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) {
    const hint = text.trim().startsWith('-')
      ? 'must not be negative'
      : 'expected a number and a unit ms, s, m or h';
    throw new Error(`invalid duration "${text}": ${hint} (e.g. 10s)`);
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

/** `10s,1m,5m,30m,2h` → delays in ms before retry 1..n; the length is the number of retries. */
export function parseRetrySchedule(text: string): number[] {
  if (text.trim() === '') throw new Error('retry schedule is empty (e.g. 10s,1m,5m,30m,2h)');
  return text.split(',').map((entry, index) => {
    if (entry.trim() === '')
      throw new Error(`retry schedule entry ${index + 1} is empty (check for stray commas)`);
    try {
      return parseDuration(entry);
    } catch (error) {
      throw new Error(`retry schedule entry ${index + 1}: ${(error as Error).message}`);
    }
  });
}
