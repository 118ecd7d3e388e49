import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { hasStatuses } from '@hookpost/connector-sdk';
import { compileFilter, type CompiledFilter, type FilterSubject } from '../../filters/filter-evaluator';
import { WEBHOOKS_CHANGED } from '../../news/webhook-news';
import { WebhookRepository, type Subscriber } from '../../persistence/webhook.repository';

/** What matching reads of an event: its scope, and for payload filters the whole intake body. */
export interface MatchInput {
  event: string;
  clientCuid?: string;
  status?: string;
}

/** How long another process's webhook change may go unseen here; this process's own changes are seen at once. */
export const MATCH_CACHE_MS = 1000;

/**
 * Which webhooks an event goes to: enabled, subscribed, in client scope, for an event with statuses
 * (its definition says so: ReportStatusChanged) listing the status or none, and matched by their
 * payload filter if they have one. Subscribers per event type are cached; any webhook change in this
 * process or, through the news relay, in another clears the cache at once (WEBHOOKS_CHANGED). In case
 * news was lost (Redis down), the cache is checked once a second: a one-row query says whether the
 * subscribers changed, and only then are they read again. Reading them every second instead cost
 * 5–18 ms with 1,000 subscribers, which every event arriving meanwhile waited for. The subscribers
 * carry what their first attempt needs.
 */
@Injectable()
export class WebhookMatcher {
  private readonly cache = new Map<string, CachedSubscribers>();
  private readonly filters = new WeakMap<Subscriber, CompiledFilter>();

  constructor(private readonly webhooks: WebhookRepository) {}

  async match(input: MatchInput): Promise<Subscriber[]> {
    const subscribers = await this.subscribers(input.event);
    const byStatus = hasStatuses(input.event);
    return subscribers.filter(
      (w) =>
        (w.clientCuids.length === 0 ||
          (input.clientCuid !== undefined && w.clientCuids.includes(input.clientCuid))) &&
        (!byStatus ||
          w.statuses.length === 0 ||
          (input.status !== undefined && w.statuses.includes(input.status))) &&
        (w.filter === null || this.filterOf(w)(input as FilterSubject)),
    );
  }

  /** A subscriber's filter, compiled once per row read (the cache hands out the same rows for a second). */
  private filterOf(subscriber: Subscriber): CompiledFilter {
    let compiled = this.filters.get(subscriber);
    if (!compiled) this.filters.set(subscriber, (compiled = compileFilter(subscriber.filter!)));
    return compiled;
  }

  @OnEvent(WEBHOOKS_CHANGED)
  invalidate(): void {
    this.cache.clear();
  }

  private subscribers(event: string): Promise<Subscriber[]> {
    const cached = this.cache.get(event);
    const now = Date.now();
    if (cached && now - cached.checkedAt < MATCH_CACHE_MS) return cached.subscribers;
    // The version before the rows: a change between the two reads is seen at the next check.
    const version = this.webhooks.subscriberVersion(event);
    const subscribers = cached
      ? Promise.all([version, cached.version]).then(([current, before]) =>
          current === before ? cached.subscribers : this.webhooks.subscribers(event),
        )
      : version.then(() => this.webhooks.subscribers(event));
    const entry = { checkedAt: now, version, subscribers };
    this.cache.set(event, entry);
    subscribers.catch(() => {
      if (this.cache.get(event) === entry) this.cache.delete(event); // read afresh next time
    });
    return subscribers;
  }
}

interface CachedSubscribers {
  /** When they were last known current. */
  checkedAt: number;
  version: Promise<string>;
  subscribers: Promise<Subscriber[]>;
}
