/** Small display helpers shared by the list and the logs. */

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Pretty-prints JSON bodies; anything else is shown as sent. */
export function prettyBody(body: string | null): string {
  if (body === null || body === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** "a, b" or one per line → distinct, trimmed, non-empty entries. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]+/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago", "in 1 hour": how far a time is from now, in its largest whole unit. */
export function formatRelative(iso: string, now = Date.now()): string {
  const delta = Date.parse(iso) - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'second') return RELATIVE.format(Math.trunc(delta / ms), unit);
  }
  return RELATIVE.format(0, 'second');
}

/** Milliseconds as people read them: "840 ms", "1.2 s"; "—" when there is no figure. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** One decimal at most; never a rounded-up 100% while something failed. */
export function formatPercent(value: number | null): string {
  if (value === null) return '—';
  const shown = Math.round(value * 10) / 10;
  return `${value < 100 && shown === 100 ? 99.9 : shown}%`;
}
