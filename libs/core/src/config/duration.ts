const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `10s`, `1m`, `500ms`, `2h`, `5d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) {
    const hint = text.trim().startsWith('-')
      ? 'must not be negative'
      : 'expected a number and a unit ms, s, m, h or d';
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

/** The other way: `432000000` → `5d`, in the largest unit that divides it. */
export function formatDuration(ms: number): string {
  const [unit, size] = Object.entries(UNIT_MS)
    .sort(([, a], [, b]) => b - a)
    .find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}
