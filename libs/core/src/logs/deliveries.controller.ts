import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DeliveryListQueryDto, DeliveryPageDto } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api/internal/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOkResponse({ type: DeliveryPageDto })
  page(@Query() query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    return this.deliveries.page(query);
  }
}
