import type { DeliveryFilters } from './router';

/** The deliveries page's quick ranges; `custom` reads the filters' own since and until. */
export const QUICK_RANGES = [
  { value: '', label: 'Any time', ms: null },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Custom…', ms: null },
] as const;

/** The API query for these filters: a quick range becomes `since`, counted back from `now`. */
export function deliveryQuery(filters: DeliveryFilters, now = Date.now()) {
  const quick = QUICK_RANGES.find((range) => range.value === filters.range);
  const custom = filters.range === 'custom';
  return {
    webhookCuid: filters.webhookCuid,
    event: filters.event,
    status: filters.status,
    since: quick?.ms ? new Date(now - quick.ms).toISOString() : custom ? filters.since : undefined,
    until: custom ? filters.until : undefined,
  };
}

/** An ISO time as a datetime-local input shows it (local time, to the minute). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value as an ISO time; empty stays empty. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
