import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const STATS_BUCKETS = ['1m', '1h'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];

/** `GET /api/internal/stats` (DESIGN §12). */
export class StatsQueryDto {
  @ApiPropertyOptional({ description: 'Start (ISO time); default: until minus an hour (1m) or a day (1h)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'End, exclusive (ISO time); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ enum: STATS_BUCKETS, description: 'Default: 1m for up to 6 hours, else 1h' })
  @IsOptional()
  @IsIn(STATS_BUCKETS)
  bucket?: StatsBucket;
}

export class StatsFiguresDto {
  @ApiProperty({ description: 'Deliveries whose attempt in this period succeeded' }) succeeded!: number;
  @ApiProperty({ description: 'Deliveries whose last retry failed in this period' }) failed!: number;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Attempt duration; null without attempts' })
  p50Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95Ms!: number | null;
}

export class StatsBucketDto extends StatsFiguresDto {
  @ApiProperty({ description: 'Start of the bucket (ISO time)' }) at!: string;
}

export class StatsSeriesDto {
  @ApiProperty({ type: StatsFiguresDto, description: 'The whole range' }) totals!: StatsFiguresDto;
  @ApiProperty({ type: [StatsBucketDto], description: 'Every bucket of the range, empty ones too' })
  buckets!: StatsBucketDto[];
}

export class WebhookStatsDto extends StatsSeriesDto {
  @ApiProperty() webhookCuid!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a webhook deleted since' })
  name!: string | null;
}

export class StatsDto {
  @ApiProperty() since!: string;
  @ApiProperty() until!: string;
  @ApiProperty({ enum: STATS_BUCKETS }) bucket!: StatsBucket;
  @ApiProperty({ type: StatsSeriesDto, description: 'All webhooks together' }) total!: StatsSeriesDto;
  @ApiProperty({ type: [WebhookStatsDto], description: 'Webhooks with attempts in the range, busiest first' })
  webhooks!: WebhookStatsDto[];
}
