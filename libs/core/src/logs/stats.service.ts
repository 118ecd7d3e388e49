import { BadRequestException, Injectable } from '@nestjs/common';
import { AttemptRepository, type AttemptStatsRow } from '../persistence/attempt.repository';
import {
  StatsBucketDto,
  StatsDto,
  StatsFiguresDto,
  StatsQueryDto,
  StatsSeriesDto,
  type StatsBucket,
  WebhookStatsDto,
} from './stats.dto';

const BUCKET_MS: Record<StatsBucket, number> = { '1m': 60_000, '1h': 3_600_000 };
/** Enough for a day by the minute or two months by the hour; a chart shows no more. */
const MAX_BUCKETS = 1500;
const MINUTE_BUCKETS_UP_TO_MS = 6 * 3_600_000;
const EMPTY: StatsFiguresDto = { succeeded: 0, failed: 0, attempts: 0, p50Ms: null, p95Ms: null };

/** Traffic per bucket, per webhook and in total (DESIGN §12), every bucket present so charts need no gaps filled. */
@Injectable()
export class StatsService {
  constructor(private readonly attempts: AttemptRepository) {}

  async stats(query: StatsQueryDto, now = new Date()): Promise<StatsDto> {
    const until = query.until ? new Date(query.until) : now;
    const bucket =
      query.bucket ??
      (query.since && until.getTime() - Date.parse(query.since) > MINUTE_BUCKETS_UP_TO_MS ? '1h' : '1m');
    const bucketMs = BUCKET_MS[bucket];
    const since = query.since
      ? new Date(query.since)
      : new Date(until.getTime() - (bucket === '1m' ? 3_600_000 : 86_400_000));
    if (since >= until) throw new BadRequestException(['since must be before until']);
    const starts = bucketStarts(since, until, bucketMs);
    if (starts.length > MAX_BUCKETS) {
      throw new BadRequestException([
        `since: the range holds ${starts.length} buckets of ${bucket}, more than ${MAX_BUCKETS}; use a shorter range or bucket=1h`,
      ]);
    }
    const rows = await this.attempts.stats(since, until, bucketMs);
    const total = rows.filter((row) => row.webhookCuid === null);
    const perWebhook = new Map<string, AttemptStatsRow[]>();
    for (const row of rows) {
      if (row.webhookCuid !== null)
        perWebhook.set(row.webhookCuid, [...(perWebhook.get(row.webhookCuid) ?? []), row]);
    }
    const webhooks: WebhookStatsDto[] = [...perWebhook].map(([webhookCuid, group]) => ({
      webhookCuid,
      name: group[0].name,
      ...series(group, starts),
    }));
    webhooks.sort(
      (a, b) => b.totals.attempts - a.totals.attempts || a.webhookCuid.localeCompare(b.webhookCuid),
    );
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      bucket,
      total: series(total, starts),
      webhooks,
    };
  }
}

/** The start of every bucket that overlaps [since, until), aligned to the epoch as PostgreSQL's date_bin does. */
function bucketStarts(since: Date, until: Date, bucketMs: number): number[] {
  const starts: number[] = [];
  for (let at = Math.floor(since.getTime() / bucketMs) * bucketMs; at < until.getTime(); at += bucketMs) {
    starts.push(at);
    if (starts.length > MAX_BUCKETS) break;
  }
  return starts;
}

function series(rows: AttemptStatsRow[], starts: number[]): StatsSeriesDto {
  const byBucket = new Map(
    rows.filter((row) => row.bucket !== null).map((row) => [row.bucket!.getTime(), row]),
  );
  const whole = rows.find((row) => row.bucket === null);
  return {
    totals: whole ? figures(whole) : EMPTY,
    buckets: starts.map((at): StatsBucketDto => {
      const row = byBucket.get(at);
      return { at: new Date(at).toISOString(), ...(row ? figures(row) : EMPTY) };
    }),
  };
}

function figures({ succeeded, failed, attempts, p50Ms, p95Ms }: AttemptStatsRow): StatsFiguresDto {
  return { succeeded, failed, attempts, p50Ms: Math.round(p50Ms), p95Ms: Math.round(p95Ms) };
}
