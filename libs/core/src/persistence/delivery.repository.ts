import { Injectable } from '@nestjs/common';
import type { EventFacts } from './entities/event.entity';
import { SqlPool } from './sql-pool';
import type { Subscriber } from './webhook.repository';

/** A delivery someone must attempt: enough to put it on the queue. */
export interface DeliveryRef {
  cuid: string;
  webhookCuid: string;
  /** When it is due (the queue job's time). */
  dueAt: Date;
  /** It waited for a slot of its webhook's rate limit, which is kept for it at `dueAt`. */
  rateReserved?: boolean;
  /** How many times it found its endpoint's in-flight limit full: each wait is longer than the last. */
  waits?: number;
}

/** The deliveries of one webhook for one target, which go out one at a time (`ordering: target`). */
export interface TurnKey {
  webhookCuid: string;
  orderKey: string;
}

/** A delivery a worker now holds, with all its next attempt needs: one round trip for everything. */
export interface ClaimedDelivery {
  cuid: string;
  event: string;
  /** Its target, when its webhook sends a target's deliveries one at a time; null otherwise. */
  orderKey: string | null;
  attempts: number;
  retryBase: number;
  body: string | null;
  headers: Record<string, string> | null;
  /** The event's facts and time, while the body has yet to be rendered from them. */
  facts: EventFacts | null;
  occurredAt: Date | null;
  /** Its event's intake span (W3C `traceparent`), parent of each attempt's span; null untraced. */
  traceParent: string | null;
  enabled: boolean;
  webhook: Subscriber;
}

interface ClaimRow extends Omit<ClaimedDelivery, 'webhook'>, Omit<Subscriber, 'cuid'> {
  webhookCuid: string;
}

export type DeliveryState = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';

export interface DeliveryQuery {
  webhookCuid?: string;
  event?: string;
  state?: DeliveryState;
  since?: Date;
  until?: Date;
  /** Strictly older than this (createdAt, cuid) pair: the previous page's last row. */
  before?: { createdAt: Date; cuid: string };
  limit: number;
}

/** A delivery as the deliveries API lists it, its attempts summarised (no bodies). */
export interface DeliveryRow {
  cuid: string;
  webhookCuid: string;
  event: string;
  state: DeliveryState;
  nextAttemptAt: Date | null;
  targetCuid: string | null;
  /** In a target's line: the delivery it waits behind (due or under way); null otherwise. */
  waitingBehind: string | null;
  createdAt: Date;
  updatedAt: Date;
  attempts: {
    attempt: number;
    status: 'succeeded' | 'failed';
    statusCode: number | null;
    errorCode: string | null;
    error: string | null;
    durationMs: number;
    createdAt: string;
  }[];
}

/** How a delivery's state reads: pending until its first attempt, retrying after a failed one. */
const STATE = `case when d.status = 'pending' and d.attempts > 0 then 'retrying' else d.status end`;

/**
 * 'pending' as a statement parameter, where a statement finds deliveries by key: written as a constant,
 * it lets PostgreSQL answer through `delivery_due_index` (every pending delivery) instead of the key,
 * which it does whenever its statistics date from a moment with few pending (a plan it then keeps as
 * a backlog of thousands builds up). A parameter cannot match the index's condition.
 */
const PENDING = 'pending';

/** What a claim returns for each delivery it now holds: everything its next attempt needs. */
const CLAIMED = `d.cuid, d.event, d.order_key as "orderKey", d.attempts, d.retry_base as "retryBase", d.body, d.headers,
   (select e.facts from event e where e.cuid = d.event_cuid and d.body is null) as facts,
   (select e.occurred_at from event e where e.cuid = d.event_cuid and d.body is null) as "occurredAt",
   d.trace_parent as "traceParent",
   w.enabled, w.cuid as "webhookCuid", w.type, w.message, w.client_cuids as "clientCuids", w.statuses,
   w.ordering, w.rate_limit as "rateLimit", w.max_in_flight as "maxInFlight", w.filter,
   w.signature_scheme as "signatureScheme", w.url, w.url_encrypted as "urlEncrypted", w.ssl_verification as "sslVerification",
   w.secret_encrypted as "secretEncrypted", w.previous_secret_encrypted as "previousSecretEncrypted",
   w.previous_secret_expires_at as "previousSecretExpiresAt"`;

/**
 * Claims deliveries by key ($1 cuids, $4 the leases they hold or null) if pending ($5) and due at $2
 * or held by that lease; holds them until $3. One round trip returns all an attempt needs.
 */
export const CLAIM_SQL = `update delivery d set next_attempt_at = $3, updated_at = $2
   from webhook w, unnest((select $1::text[]), (select $4::timestamptz[])) as c(cuid, held_until)
  -- A key lookup per claim, whatever the table's statistics say: the arrays through sub-selects
  -- so that the plan PostgreSQL caches is as cheap as one per call, the status a parameter.
  where d.cuid = c.cuid and d.cuid = any((select $1::text[])::text[])
    and d.status = $5 and w.cuid = d.webhook_cuid
    and (d.next_attempt_at <= $2 or d.next_attempt_at = c.held_until)
 returning ${CLAIMED}`;

/** Lines given their turn: the heads the caller now holds, and those due now for anyone. */
export interface Turns {
  held: ClaimedDelivery[];
  due: DeliveryRef[];
}

/** The `delivery` table's state changes other than an attempt's record (AttemptRepository). */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly sql: SqlPool) {}

  /**
   * Takes deliveries that are due (pending, and not held by another worker) and holds them until
   * `leaseUntil`: a worker that dies mid-attempt lets go when the lease ends. A claim may name the
   * lease it already holds (`heldUntil`), to renew it. Deliveries settled, deleted or held elsewhere
   * are simply not returned.
   */
  async claim(
    claims: { cuid: string; heldUntil: Date | null }[],
    now: Date,
    leaseUntil: Date,
  ): Promise<ClaimedDelivery[]> {
    const rows = await this.sql.prepared<ClaimRow>(
      'delivery-claim',
      CLAIM_SQL,
      [claims.map((c) => c.cuid), now, leaseUntil, claims.map((c) => c.heldUntil), PENDING],
      'unflushed', // a lease lost in a crash: the delivery is simply due again
    );
    return rows.map(toClaimed);
  }

  /** Not attempted now (its endpoint has no free slot): due again at `at`, no attempt spent. */
  async defer(cuid: string, at: Date): Promise<void> {
    await this.sql.prepared(
      'defer-delivery',
      `update delivery set next_attempt_at = $2 where cuid = $1 and status = $3`,
      [cuid, at, PENDING],
      'unflushed', // lost in a crash, it is due sooner: the gate defers it again
    );
  }

  /**
   * Lets go of deliveries this process holds and has not begun: due at `now` for any worker. One held
   * by another worker since (this process's lease ran out) is left alone.
   */
  async release(held: { cuid: string; heldUntil: Date }[], now: Date): Promise<void> {
    await this.sql.query(
      `update delivery d set next_attempt_at = $2
         from unnest($1::text[], $3::timestamptz[]) as c(cuid, held_until)
        where d.cuid = c.cuid and d.status = $4 and d.next_attempt_at = c.held_until`,
      [held.map((h) => h.cuid), now, held.map((h) => h.heldUntil), PENDING],
    );
  }

  /** Settles a delivery without an attempt: its webhook was disabled before it went out. */
  async cancel(cuid: string, now: Date): Promise<void> {
    await this.sql.query(
      `update delivery set status = 'cancelled', next_attempt_at = null, updated_at = $2 where cuid = $1`,
      [cuid, now],
    );
  }

  /** Pending deliveries due before `before` (their time came, or their holder's lease ran out). */
  due(before: Date, limit: number): Promise<DeliveryRef[]> {
    return this.sql.query<DeliveryRef>(
      `select cuid, webhook_cuid as "webhookCuid", next_attempt_at as "dueAt" from delivery
        where status = 'pending' and next_attempt_at <= $1 order by next_attempt_at limit $2`,
      [before, limit],
    );
  }

  /** Redeliver: that delivery of that webhook, again now, with a fresh retry schedule. */
  redeliver(webhookCuid: string, cuid: string, now: Date): Promise<{ due: DeliveryRef[]; turns: TurnKey[] }> {
    return this.resend('d.webhook_cuid = $2 and d.cuid = $3', [now, webhookCuid, cuid]);
  }

  /** Recover: every failed delivery of the webhook created since `since`, again now. */
  recover(webhookCuid: string, since: Date, now: Date): Promise<{ due: DeliveryRef[]; turns: TurnKey[] }> {
    return this.resend(`d.webhook_cuid = $2 and d.status = 'failed' and d.created_at >= $3`, [
      now,
      webhookCuid,
      since,
    ]);
  }

  /** One page of deliveries across webhooks, newest first, each with its attempts. */
  page({ webhookCuid, event, state, since, until, before, limit }: DeliveryQuery): Promise<DeliveryRow[]> {
    return this.sql.query<DeliveryRow>(
      `select d.cuid, d.webhook_cuid as "webhookCuid", d.event, ${STATE} as state,
              d.next_attempt_at as "nextAttemptAt", d.order_key as "targetCuid", d.created_at as "createdAt",
              d.updated_at as "updatedAt",
              case when d.order_key is not null and d.status = 'pending' and d.next_attempt_at is null then
                (select a.cuid from delivery a
                  where a.webhook_cuid = d.webhook_cuid and a.order_key = d.order_key and a.status = 'pending'
                    and (a.next_attempt_at is not null or a.seq < d.seq)
                  order by a.next_attempt_at is null, a.seq limit 1)
              end as "waitingBehind",
              coalesce((select json_agg(json_build_object('attempt', t.attempt, 'status', t.status,
                  'statusCode', t.status_code, 'errorCode', t.error_code, 'error', t.error,
                  'durationMs', t.duration_ms, 'createdAt', t.created_at) order by t.attempt)
                from delivery_attempt t where t.delivery_cuid = d.cuid), '[]') as attempts
         from delivery d
        where ($1::text is null or d.webhook_cuid = $1) and ($2::text is null or d.event = $2)
          and ($3::text is null or ${STATE} = $3)
          and ($4::timestamptz is null or d.created_at >= $4) and ($5::timestamptz is null or d.created_at < $5)
          and ($6::timestamptz is null or (d.created_at, d.cuid) < ($6, $7))
        order by d.created_at desc, d.cuid desc limit $8`,
      [
        webhookCuid ?? null,
        event ?? null,
        state ?? null,
        since ?? null,
        until ?? null,
        before?.createdAt ?? null,
        before?.cuid ?? null,
        limit,
      ],
    );
  }

  /** A connection test's delivery, already rendered and settled by its one attempt (logged, never retried). */
  async insertTest(
    delivery: {
      cuid: string;
      webhookCuid: string;
      event: string;
      body: string;
      headers: Record<string, string> | null;
    },
    now: Date,
  ): Promise<void> {
    await this.sql.query(
      `insert into delivery (cuid, webhook_cuid, event, body, headers, next_attempt_at, created_at, updated_at)
       values ($1, $2, $3, $4, $5, null, $6, $6)`,
      [
        delivery.cuid,
        delivery.webhookCuid,
        delivery.event,
        delivery.body,
        delivery.headers && JSON.stringify(delivery.headers),
        now,
      ],
    );
  }

  /**
   * Puts deliveries back to pending with a fresh retry schedule: due now, or, when their webhook sends
   * a target's deliveries one at a time, back in line at their old place (their turn comes through
   * `promote`). Returns the ones due now and the lines to move.
   */
  private async resend(
    condition: string,
    params: unknown[],
  ): Promise<{ due: DeliveryRef[]; turns: TurnKey[] }> {
    const rows = await this.sql.query<DeliveryRef & { orderKey: string | null }>(
      `update delivery d set status = 'pending', retry_base = d.attempts, updated_at = $1,
              next_attempt_at = case when d.order_key is null then $1::timestamptz end
        where ${condition}
       returning d.cuid, d.webhook_cuid as "webhookCuid", d.next_attempt_at as "dueAt", d.order_key as "orderKey"`,
      params,
    );
    return {
      due: rows
        .filter((row) => row.orderKey === null)
        .map(({ cuid, webhookCuid, dueAt }) => ({ cuid, webhookCuid, dueAt })),
      turns: rows.flatMap((row) =>
        row.orderKey === null ? [] : [{ webhookCuid: row.webhookCuid, orderKey: row.orderKey }],
      ),
    };
  }

  /**
   * Gives each line its next turn: the earliest pending delivery of the key becomes due, unless one of
   * them is already due or under way (a retrying head keeps its line waiting). The first `hold.count`
   * heads are claimed in the same statement, held until `hold.until` by the caller, who attempts them
   * itself; the others are due at `now`, for anyone. Two processes promoting one line make one
   * delivery due.
   */
  async promote(
    keys: TurnKey[],
    now: Date,
    hold: { until: Date; count: number } | null = null,
  ): Promise<Turns> {
    if (keys.length === 0) return { held: [], due: [] };
    const rows = await this.sql.prepared<ClaimRow & { held: boolean; dueAt: Date }>(
      'promote-turns',
      `with line as (
         select distinct "webhookCuid" as webhook_cuid, "orderKey" as order_key
           from json_to_recordset($1::json) as k("webhookCuid" text, "orderKey" text)
       ), head as (
         -- Each line's first delivery, read off the line's own index: a lookup per line, never a scan
         -- of every delivery waiting in any line.
         select turn.cuid, row_number() over () as n from line, lateral (
           select d.cuid from delivery d
            where d.webhook_cuid = line.webhook_cuid and d.order_key = line.order_key and d.status = 'pending'
            order by d.seq limit 1) as turn
       )
       update delivery d set next_attempt_at = case when head.n <= $4 then $5::timestamptz else $2 end,
              updated_at = $2
         from head, webhook w
        where d.cuid = head.cuid and d.status = $3 and d.next_attempt_at is null and w.cuid = d.webhook_cuid
          and not exists (
            select 1 from delivery busy
             where busy.webhook_cuid = d.webhook_cuid and busy.order_key = d.order_key
               and busy.status = 'pending' and busy.next_attempt_at is not null)
       returning head.n <= $4 as held, d.next_attempt_at as "dueAt", ${CLAIMED}`,
      [JSON.stringify(keys), now, PENDING, hold?.count ?? 0, hold?.until ?? null],
      'unflushed', // a turn lost in a crash is given again by the reconciler (stalledTurns)
    );
    return {
      held: rows.filter((row) => row.held).map(toClaimed),
      due: rows
        .filter((row) => !row.held)
        .map(({ cuid, webhookCuid, dueAt }) => ({ cuid, webhookCuid, dueAt })),
    };
  }

  /** Lines with deliveries waiting and none due or under way: their turn was lost (a crash). */
  stalledTurns(limit: number): Promise<TurnKey[]> {
    return this.sql.query<TurnKey>(
      `select distinct w.webhook_cuid as "webhookCuid", w.order_key as "orderKey"
         from delivery w
        where w.order_key is not null and w.status = 'pending' and w.next_attempt_at is null
          and not exists (
            select 1 from delivery busy
             where busy.webhook_cuid = w.webhook_cuid and busy.order_key = w.order_key
               and busy.status = 'pending' and busy.next_attempt_at is not null)
        limit $1`,
      [limit],
    );
  }
}

function toClaimed({
  cuid,
  event,
  orderKey,
  attempts,
  retryBase,
  body,
  headers,
  facts,
  occurredAt,
  traceParent,
  enabled,
  webhookCuid,
  ...webhook
}: ClaimRow): ClaimedDelivery {
  return {
    cuid,
    event,
    orderKey,
    attempts,
    retryBase,
    body,
    headers,
    facts,
    occurredAt,
    traceParent,
    enabled,
    webhook: Object.assign(webhook, { cuid: webhookCuid }),
  };
}
