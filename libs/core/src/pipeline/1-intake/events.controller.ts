import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EVENT_INPUT_BODY } from '../../http/openapi-event-schemas';
import { EventAcceptedDto } from './event-accepted.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { IntakeService, type EventAccepted } from './intake.service';
import { validateEventInput } from './event-intake.validator';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/internal/events')
export class EventsController {
  constructor(private readonly intake: IntakeService) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Optional: a repeat with the same key returns the first answer and creates no new deliveries',
  })
  @ApiHeader({
    name: 'traceparent',
    required: false,
    description:
      'Optional W3C trace context: with tracing on, the intake span and every attempt of this event join that trace',
  })
  @ApiBody({ schema: EVENT_INPUT_BODY, description: 'One event; its schema depends on `event`' })
  @ApiAcceptedResponse({ type: EventAcceptedDto })
  @ApiBadRequestResponse({ description: 'A field is wrong, the event is unknown or its target is missing' })
  @ApiServiceUnavailableResponse({ description: 'The event could not be stored; retry' })
  accept(
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @IdempotencyKey() key?: string,
  ): Promise<EventAccepted> {
    return this.intake.ingest(validateEventInput(body), key, headers);
  }
}
