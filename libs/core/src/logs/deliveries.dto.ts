import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

export const DELIVERY_STATES = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;

/** `GET /api/internal/deliveries` (DESIGN §12). */
export class DeliveryListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) webhookCuid?: string;
  @ApiPropertyOptional({ example: 'ReportPublished' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  event?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATES, description: 'retrying: pending after a failed attempt' })
  @IsOptional()
  @IsIn(DELIVERY_STATES)
  status?: (typeof DELIVERY_STATES)[number];

  @ApiPropertyOptional({ description: 'Created at or after (ISO time)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO time)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AttemptSummaryDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) status!: 'succeeded' | 'failed';
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty() createdAt!: string;
}

export class DeliverySummaryDto {
  @ApiProperty() cuid!: string;
  @ApiProperty() webhookCuid!: string;
  @ApiProperty() event!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) status!: (typeof DELIVERY_STATES)[number];
  @ApiProperty({ type: String, nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The target whose line it is in (ordering: target)',
  })
  targetCuid!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Waiting its turn behind this delivery of the same target; null when not waiting',
  })
  waitingBehind!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [AttemptSummaryDto], description: 'Its attempts so far, first first' })
  attempts!: AttemptSummaryDto[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliverySummaryDto] }) items!: DeliverySummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
