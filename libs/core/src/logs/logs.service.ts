import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AttemptRepository, type AttemptLogRow } from '../persistence/attempt.repository';
import { DeliveryRepository, type DeliveryRef, type TurnKey } from '../persistence/delivery.repository';
import { WebhookRepository } from '../persistence/webhook.repository';
import { DISPATCHER, type Dispatcher } from '../pipeline/3-dispatch/dispatcher';
import { decodeCursor, keysetPage } from './cursor';
import { DeliveryAttemptDto, DeliveryLogPageDto, DeliveryLogQueryDto } from './delivery-log.dto';

/** Delivery logs (cursor-paginated attempts) and the two ways to send again: redeliver and recover. */
@Injectable()
export class LogsService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly attempts: AttemptRepository,
    private readonly deliveries: DeliveryRepository,
    @Inject(DISPATCHER) private readonly dispatcher: Dispatcher,
  ) {}

  async page(webhookCuid: string, query: DeliveryLogQueryDto): Promise<DeliveryLogPageDto> {
    await this.requireWebhook(webhookCuid);
    const limit = query.limit ?? 50;
    const rows = await this.attempts.page({
      webhookCuid,
      status: query.status,
      event: query.event,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    return keysetPage(rows, limit, toDto);
  }

  async redeliver(webhookCuid: string, deliveryCuid: string): Promise<void> {
    await this.requireWebhook(webhookCuid);
    const resent = await this.resend(this.deliveries.redeliver(webhookCuid, deliveryCuid, new Date()));
    if (resent === 0)
      throw new NotFoundException(`Delivery ${deliveryCuid} not found for webhook ${webhookCuid}`);
  }

  async recover(webhookCuid: string, since: Date): Promise<number> {
    await this.requireWebhook(webhookCuid);
    return this.resend(this.deliveries.recover(webhookCuid, since, new Date()));
  }

  /**
   * Deliveries put back to pending with a fresh retry schedule go to the dispatcher: due now, or, in a
   * target's line, when their turn comes (which may be at once).
   */
  private async resend(resent: Promise<{ due: DeliveryRef[]; turns: TurnKey[] }>): Promise<number> {
    const { due, turns } = await resent;
    await Promise.all([this.dispatcher.dueNow(due), this.dispatcher.giveTurns(turns, new Date())]);
    return due.length + turns.length;
  }

  private async requireWebhook(cuid: string): Promise<void> {
    if (!(await this.webhooks.exists(cuid))) throw new NotFoundException(`Webhook ${cuid} not found`);
  }
}

function toDto(row: AttemptLogRow): DeliveryAttemptDto {
  return {
    ...row,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
