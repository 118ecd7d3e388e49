import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { MetricsService } from './metrics.service';

/**
 * `GET /metrics`: Prometheus text. Unlike /health it needs the admin token (Prometheus sends it
 * with `authorization: { credentials: <token> }`): the metrics name connectors and event volumes.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
