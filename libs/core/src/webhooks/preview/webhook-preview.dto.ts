import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { EVENT_TYPES, TEST_EVENT } from '@hookpost/connector-sdk';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../http/is-optional-not-null.decorator';
import { CreateWebhookDto } from '../webhook.dto';

/** Every event a webhook can receive, plus the one test connection sends. */
const PREVIEW_EVENTS = [...EVENT_TYPES, TEST_EVENT] as const;

/** Body of `POST /api/internal/webhooks/preview`: a connector, a message and the event to show it for. */
export class PreviewWebhookDto extends PickType(CreateWebhookDto, ['message', 'filter', 'signatureScheme']) {
  @ApiProperty({
    example: 'slack',
    description: 'A registered connector type (GET /api/internal/connectors)',
  })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, {
    message: 'type must be a connector type such as http, slack or teams',
  })
  type!: string;

  @ApiProperty({ enum: PREVIEW_EVENTS, description: 'A catalog event, or WebhookTest' })
  @IsIn(PREVIEW_EVENTS, { message: `event must be one of: ${PREVIEW_EVENTS.join(', ')}` })
  event!: (typeof PREVIEW_EVENTS)[number];

  @ApiPropertyOptional({ maxLength: 2048, description: "Only checked against the connector's URL shape" })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  url?: string;
}

export class WebhookPreviewDto {
  @ApiProperty({ enum: ['POST'] }) method!: 'POST';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Exactly the headers a delivery sends for attempt 1, without HMAC signatures (no secret); with ' +
      'signatureScheme ed25519 the v1a signature is included; with tracing on, a `traceparent` with sample ids',
  })
  headers!: Record<string, string>;
  @ApiProperty({ description: 'The exact body, as sent' }) body!: string;
  @ApiProperty({ type: 'integer', description: 'UTF-8 size of the body' }) bytes!: number;
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "Whether the sample event passes the request's filter; null without a filter",
  })
  filterMatches!: boolean | null;
}
