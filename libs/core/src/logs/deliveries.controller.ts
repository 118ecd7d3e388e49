import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DeliveryLogPageDto, DeliveryLogQueryDto, RecoverDto, RecoverResultDto } from './delivery-log.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api/internal/webhooks/:cuid')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('logs')
  @ApiOkResponse({ type: DeliveryLogPageDto })
  logs(@Param('cuid') cuid: string, @Query() query: DeliveryLogQueryDto): Promise<DeliveryLogPageDto> {
    return this.deliveries.logs(cuid, query);
  }

  @Post('deliveries/:deliveryCuid/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Queued to be sent again now' })
  async redeliver(@Param('cuid') cuid: string, @Param('deliveryCuid') deliveryCuid: string): Promise<void> {
    await this.deliveries.redeliver(cuid, deliveryCuid);
  }

  @Post('recover')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RecoverResultDto })
  async recover(@Param('cuid') cuid: string, @Body() body: RecoverDto): Promise<RecoverResultDto> {
    return { count: await this.deliveries.recover(cuid, new Date(body.since)) };
  }
}
