import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DeliveryLogPageDto, DeliveryLogQueryDto, RecoverDto, RecoverResultDto } from './delivery-log.dto';
import { LogsService } from './logs.service';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api/internal/webhooks/:cuid')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get('logs')
  @ApiOkResponse({ type: DeliveryLogPageDto })
  page(@Param('cuid') cuid: string, @Query() query: DeliveryLogQueryDto): Promise<DeliveryLogPageDto> {
    return this.logs.page(cuid, query);
  }

  @Post('deliveries/:deliveryCuid/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Queued to be sent again now' })
  async redeliver(@Param('cuid') cuid: string, @Param('deliveryCuid') deliveryCuid: string): Promise<void> {
    await this.logs.redeliver(cuid, deliveryCuid);
  }

  @Post('recover')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RecoverResultDto })
  async recover(@Param('cuid') cuid: string, @Body() body: RecoverDto): Promise<RecoverResultDto> {
    return { count: await this.logs.recover(cuid, new Date(body.since)) };
  }
}
