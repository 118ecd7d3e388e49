import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PreviewWebhookDto, WebhookPreviewDto } from './webhook-preview.dto';
import { WebhookPreviewService } from './webhook-preview.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/internal/webhooks')
export class WebhookPreviewController {
  constructor(private readonly previews: WebhookPreviewService) {}

  /** 200, not 201: nothing is created. */
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({
    type: WebhookPreviewDto,
    description: 'The exact request a connector would send for a sample event, without sending it',
  })
  preview(@Body() dto: PreviewWebhookDto): WebhookPreviewDto {
    return this.previews.preview(dto);
  }
}
