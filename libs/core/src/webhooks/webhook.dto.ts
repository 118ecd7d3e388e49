import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { EVENT_TYPES, STATUS_EVENTS } from '@hookpost/connector-sdk';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { FilterRule } from '../filters/filter-rule';
import { NULLABLE_FILTER_RULE } from '../filters/filter-rule.schema';
import { SIGNATURE_SCHEMES, type SignatureScheme } from '../signing/signature-scheme';
import { IsOptionalNotNull } from '../http/is-optional-not-null.decorator';
import { IsTemplate } from '../templating/is-template.validator';

const MAX_SCOPE = 1000;
const MAX_RATE = 100_000;
const MAX_IN_FLIGHT = 1000;

/** Body of `POST /api/internal/webhooks` (PlexTrac's rules plus ours; DESIGN §4). */
export class CreateWebhookDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Security channel' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    default: 'http',
    description: 'A registered connector type (GET /api/internal/connectors)',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, {
    message: 'type must be a connector type such as http, slack or teams',
  })
  type?: string;

  @ApiProperty({ maxLength: 2048, example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 256,
    description:
      'Write-only; null signs nothing. "generate": the server makes a whsec_ secret and shows it once, ' +
      'in generatedSecret of this response',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  secret?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  sslVerification?: boolean;

  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(EVENT_TYPES, {
    each: true,
    message: `each value in events must be one of: ${EVENT_TYPES.join(', ')}`,
  })
  events!: string[];

  @ApiPropertyOptional({ type: [String], description: 'Empty: all clients' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_SCOPE)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  clientCuids?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: `Only with ${STATUS_EVENTS.join(' or ')}: trigger statuses; empty: any`,
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  statuses?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: 10_000, description: "Message template; default: the connector's" })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(10_000)
  @IsTemplate()
  message?: string;

  @ApiPropertyOptional({
    enum: ['none', 'target'],
    default: 'none',
    description: 'target: deliveries sharing a targetCuid go out one at a time, in intake order',
  })
  @IsOptionalNotNull()
  @IsIn(['none', 'target'])
  ordering?: 'none' | 'target';

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_RATE,
    description: 'Most requests a second to this webhook, across every worker; null: no limit',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE)
  rateLimit?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_IN_FLIGHT,
    description: 'Most attempts in flight to this webhook at once, across every worker; null: no limit',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_IN_FLIGHT)
  maxInFlight?: number | null;

  @ApiPropertyOptional({
    ...NULLABLE_FILTER_RULE,
    description:
      'Delivered only when the event matches: { field, op: eq|ne|in|contains|exists|gte|lte, value? }, ' +
      '{ all: [rules] }, { any: [rules] } or { not: rule }; fields read the intake body',
    example: { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
  })
  @IsOptional()
  @IsObject()
  filter?: FilterRule | null;

  @ApiPropertyOptional({
    enum: SIGNATURE_SCHEMES,
    enumName: 'SignatureScheme',
    default: 'hmac',
    description:
      'hmac: signed with the secret, if any. ed25519: webhook-signature also carries v1a, the ' +
      "server's Ed25519 signature, verifiable with GET /.well-known/hookpost-signing-keys",
  })
  @IsOptionalNotNull()
  @IsIn(SIGNATURE_SCHEMES)
  signatureScheme?: SignatureScheme;
}

/** Body of `PATCH /api/internal/webhooks/:cuid`: any subset, same rules; null only where null is allowed. */
export class UpdateWebhookDto extends PartialType(CreateWebhookDto, { skipNullProperties: false }) {}

export class WebhookHealthDto {
  @ApiProperty({ type: 'integer' }) consecutiveFailures!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['succeeded', 'failed'] }) lastStatus!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the latest failed attempt said (its error or HTTP status), also after later successes',
  })
  lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastErrorAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
}

export class WebhookResponseDto {
  @ApiProperty() cuid!: string;
  @ApiProperty() name!: string;
  @ApiProperty() type!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, nullable: true, example: '••••3f9a', description: 'A mask, never the secret' })
  secret!: string | null;
  @ApiProperty() hasSecret!: boolean;
  @ApiProperty() sslVerification!: boolean;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', isArray: true }) events!: string[];
  @ApiProperty({ type: [String] }) clientCuids!: string[];
  @ApiProperty({ type: [String] }) statuses!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ enum: ['none', 'target'] }) ordering!: 'none' | 'target';
  @ApiProperty({ type: 'integer', nullable: true }) rateLimit!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxInFlight!: number | null;
  @ApiProperty(NULLABLE_FILTER_RULE) filter!: FilterRule | null;
  @ApiProperty({ enum: SIGNATURE_SCHEMES, enumName: 'SignatureScheme' }) signatureScheme!: SignatureScheme;
  @ApiProperty({ type: WebhookHealthDto }) health!: WebhookHealthDto;
  @ApiPropertyOptional({ type: [String], description: 'Advice about the saved configuration' })
  warnings?: string[];
  @ApiPropertyOptional({
    description:
      'Only in the response to the create or update that sent "secret": "generate": the new secret in ' +
      'full, shown this once',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  generatedSecret?: string;
}

export class WebhookListQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'EventType' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  event?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  clientCuid?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  enabled?: 'true' | 'false';
}
