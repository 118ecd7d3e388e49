import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DeliveryQueue } from '../delivery/delivery-queue';
import { Webhook } from '../webhooks/webhook.entity';
import { DeliveryAttemptDto, DeliveryLogPageDto, DeliveryLogQueryDto } from './delivery-log.dto';

/** Raw rows: the PostgreSQL driver returns timestamps as text. */
interface AttemptRow {
  cuid: string;
  delivery_cuid: string;
  webhook_cuid: string;
  event: string;
  attempt: number;
  status: string;
  will_retry: boolean;
  next_attempt_at: string | null;
  status_code: number | null;
  duration_ms: number;
  error_code: string | null;
  error: string | null;
  request_headers: Record<string, string>;
  request_body: string | null;
  response_body: string | null;
  created_at: string;
}

/** Delivery logs (cursor-paginated attempts) and the two ways to send again: redeliver and recover. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: DeliveryQueue,
  ) {}

  async logs(webhookCuid: string, query: DeliveryLogQueryDto): Promise<DeliveryLogPageDto> {
    await this.requireWebhook(webhookCuid);
    const limit = query.limit ?? 50;
    const filters: [string, unknown[]][] = [['a.webhook_cuid = ?', [webhookCuid]]];
    if (query.status) filters.push(['a.status = ?', [query.status]]);
    if (query.event) filters.push(['a.event = ?', [query.event]]);
    if (query.cursor) {
      const { createdAt, cuid } = decodeCursor(query.cursor);
      filters.push(['(a.created_at, a.cuid) < (?, ?)', [createdAt, cuid]]);
    }
    const where = filters.map(([sql]) => sql);
    const params = filters.flatMap(([, values]) => values);
    const rows = await this.em.getConnection().execute<AttemptRow[]>(
      `select a.*, d.body as request_body from delivery_attempt a join delivery d on d.cuid = a.delivery_cuid
        where ${where.join(' and ')} order by a.created_at desc, a.cuid desc limit ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), last.cuid) : null,
    };
  }

  async redeliver(webhookCuid: string, deliveryCuid: string): Promise<void> {
    await this.requireWebhook(webhookCuid);
    const reset = await this.resend('d.webhook_cuid = ? and d.cuid = ?', [webhookCuid, deliveryCuid]);
    if (reset === 0)
      throw new NotFoundException(`Delivery ${deliveryCuid} not found for webhook ${webhookCuid}`);
  }

  async recover(webhookCuid: string, since: Date): Promise<number> {
    await this.requireWebhook(webhookCuid);
    return this.resend(`d.webhook_cuid = ? and d.status = 'failed' and d.created_at >= ?`, [
      webhookCuid,
      since,
    ]);
  }

  /** Puts deliveries back to pending with a fresh retry schedule, now, and enqueues them. */
  private async resend(condition: string, params: unknown[]): Promise<number> {
    const rows = await this.em.getConnection().execute<{ cuid: string; webhook_cuid: string }[]>(
      `update delivery d set status = 'pending', retry_base = d.attempts, next_attempt_at = now(), updated_at = now()
        where ${condition} returning d.cuid, d.webhook_cuid`,
      params,
    );
    await Promise.all(rows.map(({ cuid }) => this.queue.remove(cuid).catch(() => undefined)));
    await this.queue.enqueue(rows.map(({ cuid, webhook_cuid }) => ({ cuid, webhookCuid: webhook_cuid })));
    return rows.length;
  }

  private async requireWebhook(cuid: string): Promise<void> {
    const found = await this.em.count(Webhook, { cuid });
    if (!found) throw new NotFoundException(`Webhook ${cuid} not found`);
  }
}

function toDto(row: AttemptRow): DeliveryAttemptDto {
  return {
    cuid: row.cuid,
    deliveryCuid: row.delivery_cuid,
    webhookCuid: row.webhook_cuid,
    event: row.event,
    attempt: row.attempt,
    status: row.status,
    willRetry: row.will_retry,
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    errorCode: row.error_code,
    error: row.error,
    requestHeaders: row.request_headers,
    requestBody: row.request_body,
    responseBody: row.response_body,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function encodeCursor(createdAt: Date, cuid: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${cuid}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; cuid: string } {
  const [iso, cuid] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!cuid || Number.isNaN(createdAt.getTime()))
    throw new BadRequestException(['cursor is not a valid cursor']);
  return { createdAt, cuid };
}
