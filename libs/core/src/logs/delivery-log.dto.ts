import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from './page-query.dto';

export class DeliveryLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['succeeded', 'failed'])
  status?: 'succeeded' | 'failed';

  @ApiPropertyOptional({ example: 'ReportPublished' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  event?: string;
}

export class DeliveryAttemptDto {
  @ApiProperty() cuid!: string;
  @ApiProperty() deliveryCuid!: string;
  @ApiProperty() webhookCuid!: string;
  @ApiProperty() event!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) attempt!: number;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) status!: string;
  @ApiProperty() willRetry!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: 'integer' }) durationMs!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: [
      'TIMEOUT',
      'DNS_ERROR',
      'CONNECTION_ERROR',
      'TLS_ERROR',
      'BLOCKED_ADDRESS',
      'REDIRECT',
      'HTTP_ERROR',
      'TEMPLATE_ERROR',
    ],
  })
  errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Failed to call webhook: HTTP 500' }) error!:
    string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  requestHeaders!: Record<string, string>;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The delivery's body; null when its message template failed to render (TEMPLATE_ERROR)",
  })
  requestBody!: string | null;
  @ApiProperty({ type: String, nullable: true }) responseBody!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DeliveryLogPageDto {
  @ApiProperty({ type: [DeliveryAttemptDto] }) items!: DeliveryAttemptDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RecoverDto {
  @ApiProperty({
    example: '2026-11-23T00:00:00Z',
    description: 'Re-send every failed delivery created since',
  })
  @IsISO8601({ strict: true })
  since!: string;
}

export class RecoverResultDto {
  @ApiProperty({ type: 'integer' }) count!: number;
}
