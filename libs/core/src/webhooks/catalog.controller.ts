import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EVENT_CATALOG, EventDescription } from '@hookpost/connector-sdk';
import { ConnectorRegistry, ConnectorSummary } from '../connectors/connector-registry';

class EventDescriptionDto {
  @ApiProperty() event!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty({ type: [String], example: ['CLIENT_NAME', 'REPORT_NAME'] }) variables!: string[];
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
