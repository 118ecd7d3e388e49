import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '@hookpost/connector-sdk';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const TEXT = 2000;
const ID = 64;
const IsId = () => Length(1, ID);
const IsText = () => MaxLength(TEXT);
const IsNumericId = () => applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));
const IsLink = () => IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true });

class ActorContextDto {
  @IsOptional() @IsString() @IsId() cuid?: string;
  @IsOptional() @IsString() @IsText() name?: string;
}

/** The ids every PlexTrac object has; the context classes below add their own fields. */
class IdentifiedContextDto {
  @IsOptional() @IsNumericId() id?: number;
  @IsOptional() @IsString() @IsId() cuid?: string;
}

class ClientContextDto extends IdentifiedContextDto {
  @IsOptional() @IsString() @IsText() name?: string;
}

/** Assessments and engagements: a name and a link. */
class NamedContextDto extends ClientContextDto {
  @IsOptional() @IsString() @IsLink() url?: string;
}

class CustomFieldDto {
  @IsString() @Length(1, 200) label!: string;
  @IsString() @IsText() value!: string;
}

class ReportContextDto extends NamedContextDto {
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CustomFieldDto)
  customFields?: CustomFieldDto[];
}

class FindingContextDto extends IdentifiedContextDto {
  @IsOptional() @IsString() @IsText() title?: string;
  @IsOptional() @IsString() @MaxLength(50) severity?: string;
  @IsOptional() @IsString() @IsLink() url?: string;
}

export class EventContextDto {
  @IsOptional() @ValidateNested() @Type(() => ActorContextDto) actor?: ActorContextDto;
  @IsOptional() @ValidateNested() @Type(() => ClientContextDto) client?: ClientContextDto;
  @IsOptional() @ValidateNested() @Type(() => ReportContextDto) report?: ReportContextDto;
  @IsOptional() @ValidateNested() @Type(() => FindingContextDto) finding?: FindingContextDto;
  @IsOptional() @ValidateNested() @Type(() => NamedContextDto) assessment?: NamedContextDto;
  @IsOptional() @ValidateNested() @Type(() => NamedContextDto) engagement?: NamedContextDto;
}

/** Body of `POST /api/internal/events` (DESIGN §4): an event from a producer outside the process. */
export class EventIntakeDto {
  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES, { message: `event must be one of: ${EVENT_TYPES.join(', ')}` })
  event!: string;

  @ApiPropertyOptional({ description: 'Client-given id; a repeat with the same cuid creates nothing new' })
  @IsOptional()
  @IsString()
  @Length(1, ID)
  cuid?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @IsId() actorCuid?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsId() clientCuid?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) targetType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsId() targetCuid?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, ID, { each: true })
  targetCuids?: string[];

  @ApiPropertyOptional() @IsOptional() @IsNumericId() clientId?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumericId() reportId?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumericId() findingId?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumericId() assessmentId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) status?: string;

  @ApiPropertyOptional({ description: 'Names and values that message variables draw from' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventContextDto)
  context?: EventContextDto;
}

export class EventAcceptedDto {
  @ApiProperty() cuid!: string;
  @ApiProperty({ description: 'Deliveries created (one per matching webhook)' }) deliveries!: number;
}
