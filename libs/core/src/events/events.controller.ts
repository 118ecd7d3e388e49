import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EventAcceptedDto, EventIntakeDto } from './event-intake.dto';
import { EventAccepted, EventIntakeService } from './event-intake.service';
import type { EventInput } from './hookpost-events';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/internal/events')
export class EventsController {
  constructor(private readonly intake: EventIntakeService) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat returns the first answer' })
  @ApiAcceptedResponse({ type: EventAcceptedDto })
  @ApiServiceUnavailableResponse({ description: 'The event could not be stored; retry' })
  accept(@Body() body: EventIntakeDto, @Headers('idempotency-key') key?: string): Promise<EventAccepted> {
    return this.intake.ingest(body as EventInput, key?.trim().slice(0, 200) || undefined);
  }
}
