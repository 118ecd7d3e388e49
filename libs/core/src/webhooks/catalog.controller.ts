import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EVENT_CATALOG, EVENT_TYPES, EventDescription, type EventType } from '@hookpost/connector-sdk';
import { ConnectorRegistry, ConnectorSummary } from '../connectors/connector-registry';

/** One entry of the catalog, as the SDK derives it from the event definitions. */
class EventDescriptionDto implements EventDescription {
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) event!: EventType;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'report' }) targetType!: string;
  @ApiProperty({
    type: [String],
    example: ['CLIENT_NAME', 'REPORT_NAME', 'REPORT_CUSTOM_FIELD_<label>'],
    description: 'Template variables, used as %NAME%; REPORT_CUSTOM_FIELD_<label> stands for one per label',
  })
  variables!: string[];
}

class ConnectorSummaryDto {
  @ApiProperty({ example: 'slack' }) type!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() description!: string;
  @ApiProperty() urlHint!: string;
  @ApiProperty() defaultMessage!: string;
}

/** What an admin can choose from: the events of DESIGN §5 and the registered connectors. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/internal')
export class CatalogController {
  constructor(private readonly connectors: ConnectorRegistry) {}

  @Get('webhookevents')
  @ApiOkResponse({ type: [EventDescriptionDto] })
  events(): readonly EventDescription[] {
    return EVENT_CATALOG;
  }

  @Get('connectors')
  @ApiOkResponse({ type: [ConnectorSummaryDto] })
  listConnectors(): ConnectorSummary[] {
    return this.connectors.summaries();
  }
}
