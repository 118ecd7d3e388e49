import type { StatsBucket, StatsFigures, StatsSeries } from './types';

/** The overview's two ranges: the last hour by the minute and the last day by the hour. */
export const RANGES = {
  hour: { bucket: '1m', bucketMinutes: 1, label: 'Last hour', span: 'the last hour' },
  day: { bucket: '1h', bucketMinutes: 60, label: 'Last 24 hours', span: 'the last 24 hours' },
} as const satisfies Record<
  string,
  { bucket: StatsBucket; bucketMinutes: number; label: string; span: string }
>;

export type RangeKey = keyof typeof RANGES;

/** Deliveries that reached an end: succeeded, or failed after their last retry. */
export function delivered(figures: StatsFigures): number {
  return figures.succeeded + figures.failed;
}

/** Percent of ended deliveries that succeeded; null when none ended (not 0 %, which would mean all failed). */
export function successRate(figures: StatsFigures): number | null {
  const total = delivered(figures);
  return total === 0 ? null : (figures.succeeded / total) * 100;
}

/**
 * A series as uPlot's aligned columns: x in Unix seconds, counts as deliveries per minute (an hour
 * bucket's count spread over its 60 minutes), and null wherever a bucket has nothing to measure, which
 * uPlot draws as a gap rather than a fall to zero.
 */
export function chartColumns(series: StatsSeries, bucketMinutes: number) {
  const buckets = series.buckets;
  return {
    x: buckets.map((bucket) => Date.parse(bucket.at) / 1000),
    succeeded: buckets.map((bucket) => bucket.succeeded / bucketMinutes),
    failed: buckets.map((bucket) => bucket.failed / bucketMinutes),
    successRate: buckets.map(successRate),
    p50: buckets.map((bucket) => bucket.p50Ms),
    p95: buckets.map((bucket) => bucket.p95Ms),
  };
}
