import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CreateWebhookDto, UpdateWebhookDto, WebhookListQueryDto, WebhookResponseDto } from './webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/internal/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: [WebhookResponseDto] })
  list(@Query() query: WebhookListQueryDto): Promise<WebhookResponseDto[]> {
    return this.webhooks.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: WebhookResponseDto })
  create(@Body() dto: CreateWebhookDto): Promise<WebhookResponseDto> {
    return this.webhooks.create(dto);
  }

  @Get(':cuid')
  @ApiOkResponse({ type: WebhookResponseDto })
  get(@Param('cuid') cuid: string): Promise<WebhookResponseDto> {
    return this.webhooks.get(cuid);
  }

  @Patch(':cuid')
  @ApiOkResponse({ type: WebhookResponseDto })
  update(@Param('cuid') cuid: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponseDto> {
    return this.webhooks.update(cuid, dto);
  }

  @Delete(':cuid')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('cuid') cuid: string): Promise<void> {
    return this.webhooks.remove(cuid);
  }
}
