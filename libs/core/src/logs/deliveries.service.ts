import { Injectable } from '@nestjs/common';
import { DeliveryRepository, type DeliveryRow } from '../persistence/delivery.repository';
import { decodeCursor, keysetPage } from './cursor';
import { DeliveryListQueryDto, DeliveryPageDto, DeliverySummaryDto } from './deliveries.dto';

/** Deliveries across every webhook (DESIGN §12), newest first, each with its attempts. */
@Injectable()
export class DeliveriesService {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async page(query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.deliveries.page({
      webhookCuid: query.webhookCuid,
      event: query.event,
      state: query.status,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    return keysetPage(rows, limit, toDto);
  }
}

function toDto({ state, nextAttemptAt, createdAt, updatedAt, ...row }: DeliveryRow): DeliverySummaryDto {
  return {
    ...row,
    status: state,
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    attempts: row.attempts.map((attempt) => ({
      ...attempt,
      createdAt: new Date(attempt.createdAt).toISOString(),
    })),
  };
}
