import { Injectable } from '@nestjs/common';
import { TEST_EVENT } from '@hookpost/connector-sdk';
import { recordId } from './record-id';
import type { AttemptErrorCode } from './entities/delivery-attempt.entity';
import type { DeliveryStatus } from './entities/delivery.entity';
import { SqlPool } from './sql-pool';

/** One attempt as it happened and the state it leaves its delivery in. */
export interface AttemptRecord {
  deliveryCuid: string;
  webhookCuid: string;
  event: string;
  attempt: number;
  succeeded: boolean;
  /** The delivery's next state: pending (a retry is due at nextAttemptAt), succeeded or failed. */
  status: Exclude<DeliveryStatus, 'cancelled'>;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  durationMs: number;
  errorCode: AttemptErrorCode | null;
  error: string | null;
  requestHeaders: Record<string, string>;
  responseBody: string | null;
  /** Set by the first attempt: the bytes it rendered, kept for every retry. */
  rendered: { body: string; headers: Record<string, string> | null } | null;
  at: Date;
}

/** The webhook's health after a batch of its attempts, applied in one step. */
export interface HealthChange {
  webhookCuid: string;
  /** A success in the batch: the count restarts from the failures after it. */
  reset: boolean;
  failures: number;
  /** When the first of those failures happened (the start of a run of failures); null if none. */
  firstFailureAt: Date | null;
  lastAttemptAt: Date;
  lastStatus: 'succeeded' | 'failed';
  /** The latest failure of the batch, as the webhook list shows it; null if none failed. */
  lastError: { message: string; at: Date } | null;
  disableReason: string | null;
}

/** The rules a run of failures is judged by (HOOKPOST_ALERT_AFTER_FAILURES, HOOKPOST_DISABLE_AFTER). */
export interface HealthRules {
  alertAfterFailures: number;
  disableAfterMs: number;
  /** The reason a webhook disabled by `disableAfterMs` shows. */
  overdueReason: string;
}

/** What a batch did to a webhook's health that is news: the run of failures reached the alert, or it was disabled. */
export interface HealthTransition {
  webhookCuid: string;
  name: string;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastError: string | null;
  alerted: boolean;
  disabled: boolean;
  disabledReason: string | null;
}

/** An attempt as the logs API shows it: the row with its delivery's body. */
export interface AttemptLogRow {
  cuid: string;
  deliveryCuid: string;
  webhookCuid: string;
  event: string;
  attempt: number;
  status: 'succeeded' | 'failed';
  willRetry: boolean;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  durationMs: number;
  errorCode: string | null;
  error: string | null;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  createdAt: Date;
}

/** One group of `stats`: a webhook (or all, null) in a bucket (or the whole range, null). */
export interface AttemptStatsRow {
  webhookCuid: string | null;
  /** Null also for a webhook deleted since (its attempts stay until retention removes them). */
  name: string | null;
  bucket: Date | null;
  succeeded: number;
  failed: number;
  attempts: number;
  p50Ms: number;
  p95Ms: number;
}

export interface AttemptLogQuery {
  webhookCuid: string;
  status?: 'succeeded' | 'failed';
  event?: string;
  /** Strictly older than this (createdAt, cuid) pair: the previous page's last row. */
  before?: { createdAt: Date; cuid: string };
  limit: number;
}

/** All SQL of `delivery_attempt`, and the one statement that records attempts. */
@Injectable()
export class AttemptRepository {
  constructor(private readonly sql: SqlPool) {}

  /**
   * Attempts, their deliveries' new state and their webhooks' health in one statement: one round
   * trip and one commit for the batch, and for each attempt the three changes land together. A
   * delivery moves on only from the state the attempt started from, so a duplicate attempt (two
   * workers, a lease that ran out) is logged but cannot overwrite what the first one recorded.
   */
  async record(
    records: AttemptRecord[],
    health: HealthChange[],
    rules: HealthRules,
  ): Promise<HealthTransition[]> {
    const attempts = records.map((r) => ({
      cuid: recordId(),
      delivery_cuid: r.deliveryCuid,
      webhook_cuid: r.webhookCuid,
      event: r.event,
      attempt: r.attempt,
      status: r.succeeded ? 'succeeded' : 'failed',
      will_retry: r.status === 'pending',
      next_attempt_at: r.nextAttemptAt,
      status_code: r.statusCode,
      duration_ms: r.durationMs,
      error_code: r.errorCode,
      error: r.error,
      request_headers: r.requestHeaders,
      response_body: r.responseBody,
      created_at: r.at,
      delivery_status: r.status,
      body: r.rendered?.body ?? null,
      headers: r.rendered?.headers ?? null,
    }));
    const changes = health.map((h) => ({
      cuid: h.webhookCuid,
      reset: h.reset,
      failures: h.failures,
      first_failure_at: h.firstFailureAt,
      last_attempt_at: h.lastAttemptAt,
      last_status: h.lastStatus,
      last_error: h.lastError?.message ?? null,
      last_error_at: h.lastError?.at ?? null,
      disable_reason: h.disableReason,
    }));
    return this.sql.prepared<HealthTransition>(
      'attempt-record',
      `with a as (
         select * from json_to_recordset($1::json) as a(cuid text, delivery_cuid text, webhook_cuid text,
           event text, attempt int, status text, will_retry bool, next_attempt_at timestamptz, status_code int,
           duration_ms int, error_code text, error text, request_headers jsonb, response_body text,
           created_at timestamptz, delivery_status text, body text, headers jsonb)
       ), attempt as (
         insert into delivery_attempt (cuid, delivery_cuid, webhook_cuid, event, attempt, status, will_retry,
           next_attempt_at, status_code, duration_ms, error_code, error, request_headers, response_body, created_at)
         select cuid, delivery_cuid, webhook_cuid, event, attempt, status, will_retry, next_attempt_at, status_code,
           duration_ms, error_code, error, request_headers, response_body, created_at from a
       ), delivery_update as (
         update delivery d set attempts = a.attempt, status = a.delivery_status, next_attempt_at = a.next_attempt_at,
           body = coalesce(d.body, a.body), headers = coalesce(d.headers, a.headers), updated_at = a.created_at
           from a where d.cuid = a.delivery_cuid and d.attempts = a.attempt - 1
             -- The keys again as an array (deliveries here, webhooks below): PostgreSQL guesses 100 rows
             -- for json_to_recordset and then prefers scanning the whole table over 100 key lookups.
             -- Read through a sub-select, the array's length is unknown to the planner whatever its
             -- value, so the plan it caches for the statement costs no more than one made per call,
             -- and it stops planning each call (a third of this statement's time when it did).
             and d.cuid = any((select $6::text[])::text[])
       ), h as (
         select * from json_to_recordset($2::json) as h(cuid text, reset bool, failures int,
           first_failure_at timestamptz, last_attempt_at timestamptz, last_status text, last_error text,
           last_error_at timestamptz, disable_reason text)
       ), old as (
         -- The rows as they are now, locked in one order: concurrent batches queue instead of deadlocking,
         -- and "no key" leaves intake's foreign-key checks on the webhook unblocked.
         select w.cuid, w.enabled, w.alerted_at, w.consecutive_failures, w.failing_since
           from webhook w join h using (cuid) where w.cuid = any((select $7::text[])::text[]) order by w.cuid for no key update of w
       ), counted as (
         -- The webhook's run of failures after this batch: how long, and since when.
         select h.*, old.enabled as was_enabled, old.alerted_at as was_alerted_at,
                case when h.reset then h.failures else old.consecutive_failures + h.failures end as failures_now,
                case when h.reset then h.first_failure_at
                     else coalesce(old.failing_since, h.first_failure_at) end as failing_since_now
           from h join old using (cuid)
       ), run as (
         -- Alerted once per run, when it reaches the threshold (a success in the batch starts a new run).
         select counted.*, failures_now >= $3 and (was_alerted_at is null or reset) as alerting
           from counted
       )
       update webhook w set
         consecutive_failures = run.failures_now,
         failing_since = run.failing_since_now,
         alerted_at = case when run.failures_now < $3 then null
                           when run.alerting then run.last_attempt_at
                           else run.was_alerted_at end,
         last_attempt_at = run.last_attempt_at, last_status = run.last_status,
         last_error = coalesce(run.last_error, w.last_error), last_error_at = coalesce(run.last_error_at, w.last_error_at),
         enabled = w.enabled and run.disable_reason is null
           and not (run.failures_now > 0 and run.failing_since_now <= run.last_attempt_at - $4 * interval '1 millisecond'),
         disabled_reason = coalesce(w.disabled_reason, run.disable_reason,
           case when run.failures_now > 0 and run.failing_since_now <= run.last_attempt_at - $4 * interval '1 millisecond'
                then $5 end)
         from run
        where w.cuid = run.cuid and w.cuid = any((select $7::text[])::text[])
       returning w.cuid as "webhookCuid", w.name, w.consecutive_failures as "consecutiveFailures",
         w.failing_since as "failingSince", w.last_error as "lastError",
         run.alerting as alerted,
         run.was_enabled and not w.enabled as disabled, w.disabled_reason as "disabledReason"`,
      [
        JSON.stringify(attempts),
        JSON.stringify(changes),
        rules.alertAfterFailures,
        rules.disableAfterMs,
        rules.overdueReason,
        records.map((r) => r.deliveryCuid),
        health.map((h) => h.webhookCuid),
      ],
      // Lost in a PostgreSQL crash, an attempt is made again when its lease ends (the receiver sees
      // the same webhook-id twice); the intake's commit, which acknowledges the event, is flushed.
      'unflushed',
    );
  }

  /** One page of a webhook's attempts, newest first, each with the body its delivery sends. */
  page({ webhookCuid, status, event, before, limit }: AttemptLogQuery): Promise<AttemptLogRow[]> {
    return this.sql.query<AttemptLogRow>(
      `select a.cuid, a.delivery_cuid as "deliveryCuid", a.webhook_cuid as "webhookCuid", a.event, a.attempt,
              a.status, a.will_retry as "willRetry", a.next_attempt_at as "nextAttemptAt",
              a.status_code as "statusCode", a.duration_ms as "durationMs", a.error_code as "errorCode", a.error,
              a.request_headers as "requestHeaders", d.body as "requestBody", a.response_body as "responseBody",
              a.created_at as "createdAt"
         from delivery_attempt a join delivery d on d.cuid = a.delivery_cuid
        where a.webhook_cuid = $1 and ($2::text is null or a.status = $2) and ($3::text is null or a.event = $3)
          and ($4::timestamptz is null or (a.created_at, a.cuid) < ($4, $5))
        order by a.created_at desc, a.cuid desc limit $6`,
      [webhookCuid, status ?? null, event ?? null, before?.createdAt ?? null, before?.cuid ?? null, limit],
    );
  }

  /**
   * Attempts between `since` and `until` counted per bucket (`bucketMs`, aligned to the epoch), per
   * webhook and for all webhooks together, per bucket and over the whole range: one row per group.
   * A delivery's outcome counts in the bucket of the attempt that settled it (succeeded, or failed
   * with no retry left). Connection tests are left out, as they are of a webhook's health: they are
   * an admin's check, not traffic.
   */
  stats(since: Date, until: Date, bucketMs: number): Promise<AttemptStatsRow[]> {
    return this.sql.query<AttemptStatsRow>(
      `select a.webhook_cuid as "webhookCuid", w.name, a.bucket,
              count(*) filter (where a.status = 'succeeded') as succeeded,
              count(*) filter (where a.status = 'failed' and not a.will_retry) as failed,
              count(*) as attempts,
              percentile_cont(0.5) within group (order by a.duration_ms) as "p50Ms",
              percentile_cont(0.95) within group (order by a.duration_ms) as "p95Ms"
         from (select webhook_cuid, status, will_retry, duration_ms,
                      date_bin($3 * interval '1 millisecond', created_at, timestamptz 'epoch') as bucket
                 from delivery_attempt where created_at >= $1 and created_at < $2 and event <> $4) a
         left join webhook w on w.cuid = a.webhook_cuid
        group by grouping sets ((a.webhook_cuid, w.name, a.bucket), (a.webhook_cuid, w.name), (a.bucket), ())`,
      [since, until, bucketMs, TEST_EVENT],
    );
  }

  /**
   * Log retention: attempts older than `before`, deliveries settled before it and events left with
   * no delivery. Returns the number of attempts removed.
   */
  async prune(before: Date): Promise<number> {
    const attempts = await this.sql.execute('delete from delivery_attempt where created_at < $1', [before]);
    await this.sql.execute(`delete from delivery where status <> 'pending' and updated_at < $1`, [before]);
    await this.sql.execute(
      `delete from event e where created_at < $1 and not exists (select 1 from delivery d where d.event_cuid = e.cuid)`,
      [before],
    );
    return attempts;
  }
}
