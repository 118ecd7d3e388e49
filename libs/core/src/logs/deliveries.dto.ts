import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { DeliveryAttemptDto } from './delivery-log.dto';
import { PageQueryDto } from './page-query.dto';

export const DELIVERY_STATES = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;

/** `GET /api/internal/deliveries` (DESIGN §12). */
export class DeliveryListQueryDto extends PageQueryDto {
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
}

/** An attempt as a delivery's summary lists it: the log entry without its request and response. */
export class AttemptSummaryDto extends PickType(DeliveryAttemptDto, [
  'attempt',
  'status',
  'statusCode',
  'errorCode',
  'error',
  'durationMs',
  'createdAt',
]) {}

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
