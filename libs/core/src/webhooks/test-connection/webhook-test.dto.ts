import { ApiProperty, PickType } from '@nestjs/swagger';
import { CreateWebhookDto } from '../webhook.dto';

/** Body of `POST /api/internal/webhooks/test`: an unsaved configuration to try, with the webhook's rules. */
export class TestWebhookDto extends PickType(CreateWebhookDto, [
  'url',
  'type',
  'secret',
  'sslVerification',
  'message',
  'signatureScheme',
]) {}

export class TestCheckDto {
  @ApiProperty({ enum: ['url', 'dns', 'address', 'tls', 'redirect', 'status', 'latency'] }) name!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() detail!: string;
}

export class TestReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: 'integer' }) durationMs!: number;
  @ApiProperty({ type: [TestCheckDto] }) checks!: TestCheckDto[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}
