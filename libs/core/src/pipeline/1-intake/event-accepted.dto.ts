import { ApiProperty } from '@nestjs/swagger';

export class EventAcceptedDto {
  @ApiProperty() cuid!: string;
  @ApiProperty({ type: 'integer', description: 'Deliveries created (one per matching webhook)' })
  deliveries!: number;
}
