import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TestReportDto, TestWebhookDto } from './webhook-test.dto';
import { WebhookTesterService } from './webhook-tester.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/internal/webhooks')
export class WebhookTesterController {
  constructor(private readonly tester: WebhookTesterService) {}

  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: TestReportDto, description: 'Tests an unsaved configuration' })
  testUnsaved(@Body() dto: TestWebhookDto): Promise<TestReportDto> {
    return this.tester.testUnsaved(dto);
  }

  @Post(':cuid/test')
  @HttpCode(200)
  @ApiOkResponse({ type: TestReportDto, description: 'Tests a saved webhook with its stored secret; logged' })
  testSaved(@Param('cuid') cuid: string): Promise<TestReportDto> {
    return this.tester.testSaved(cuid);
  }
}
