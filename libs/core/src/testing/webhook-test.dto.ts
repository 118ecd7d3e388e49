import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../http/is-optional-not-null.decorator';
import { IsTemplate } from '../templating/is-template.validator';

/** Body of `POST /api/internal/webhooks/test`: an unsaved configuration to try. */
export class TestWebhookDto {
  @ApiProperty({ maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ default: 'http' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, {
    message: 'type must be a connector type such as http, slack or teams',
  })
  type?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  secret?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  sslVerification?: boolean;

  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(10_000)
  @IsTemplate()
  message?: string;
}

export class TestCheckDto {
  @ApiProperty({ enum: ['url', 'dns', 'address', 'tls', 'redirect', 'status', 'latency'] }) name!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() detail!: string;
}

export class TestReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ type: [TestCheckDto] }) checks!: TestCheckDto[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}
