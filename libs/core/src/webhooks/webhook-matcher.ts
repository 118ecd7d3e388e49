import { Injectable } from '@nestjs/common';
import { SqlPool } from '../database/sql-pool';
import type { EventInput } from '../events/hookpost-events';

export interface MatchedWebhook {
  cuid: string;
  type: string;
  message: string;
}

interface Subscriber extends MatchedWebhook {
  client_cuids: string[];
  statuses: string[];
}

/** How long another process's webhook change may go unseen here; this process's own changes are seen at once. */
export const MATCH_CACHE_MS = 1000;

/**
 * Which webhooks an event goes to: enabled, subscribed, in client scope and, for status changes,
 * listing the status or none. Subscribers per event type are cached briefly, so a burst of events
 * costs one query a second instead of one each; every attempt re-checks `enabled` anyway.
 */
@Injectable()
export class WebhookMatcher {
  private readonly cache = new Map<string, { loadedAt: number; subscribers: Promise<Subscriber[]> }>();

  constructor(private readonly sql: SqlPool) {}

  async match(input: EventInput): Promise<MatchedWebhook[]> {
    const subscribers = await this.subscribers(input.event);
    return subscribers
      .filter(
        (w) =>
          (w.client_cuids.length === 0 ||
            (input.clientCuid !== undefined && w.client_cuids.includes(input.clientCuid))) &&
          (input.event !== 'ReportStatusChanged' ||
            w.statuses.length === 0 ||
            (input.status !== undefined && w.statuses.includes(input.status))),
      )
      .map(({ cuid, type, message }) => ({ cuid, type, message }));
  }

  /** Called after any change to a webhook in this process. */
  invalidate(): void {
    this.cache.clear();
  }

  private subscribers(event: string): Promise<Subscriber[]> {
    const cached = this.cache.get(event);
    if (cached && Date.now() - cached.loadedAt < MATCH_CACHE_MS) return cached.subscribers;
    const subscribers = this.sql.query<Subscriber>(
      `select cuid, type, message, client_cuids, statuses from webhook where enabled and events @> array[$1]::text[]`,
      [event],
    );
    this.cache.set(event, { loadedAt: Date.now(), subscribers });
    subscribers.catch(() => {
      if (this.cache.get(event)?.subscribers === subscribers) this.cache.delete(event); // retry next time
    });
    return subscribers;
  }
}
