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
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EventAcceptedDto } from './event-accepted.dto';
import { EVENT_INTAKE_SCHEMA } from './event-intake.schema';
import { IntakeService, type EventAccepted } from './intake.service';
import { validateEventInput } from './event-intake.validator';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/internal/events')
export class EventsController {
  constructor(private readonly intake: IntakeService) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat returns the first answer' })
  @ApiBody({ schema: EVENT_INTAKE_SCHEMA as unknown as SchemaObject })
  @ApiAcceptedResponse({ type: EventAcceptedDto })
  @ApiBadRequestResponse({ description: 'A field is wrong, the event is unknown or its target is missing' })
  @ApiServiceUnavailableResponse({ description: 'The event could not be stored; retry' })
  accept(@Body() body: unknown, @Headers('idempotency-key') key?: string): Promise<EventAccepted> {
    return this.intake.ingest(validateEventInput(body), key?.trim().slice(0, 200) || undefined);
  }
}
