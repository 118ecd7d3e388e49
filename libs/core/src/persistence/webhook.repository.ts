import { Injectable } from '@nestjs/common';
import type { OptionalProps } from '@mikro-orm/core';
import type { FilterRule } from '../filters/filter-rule';
import type { SignatureScheme } from '../signing/signature-scheme';
import type { Webhook, WebhookHealthProp, WebhookOrdering } from './entities/webhook.entity';
import { SqlPool } from './sql-pool';

/** A webhook as stored; the entity class describes the table, this its rows. */
export type WebhookRecord = Omit<Webhook, typeof OptionalProps>;

export type NewWebhook = Omit<WebhookRecord, WebhookHealthProp | 'createdAt' | 'updatedAt'>;

export type WebhookChanges = Partial<Omit<WebhookRecord, 'cuid' | 'createdAt' | 'updatedAt'>>;

export interface WebhookFilter {
  event?: string;
  clientCuid?: string;
  enabled?: boolean;
}

/** What matching an event and attempting its deliveries need of a subscribed webhook. */
export interface Subscriber {
  cuid: string;
  type: string;
  message: string;
  clientCuids: string[];
  statuses: string[];
  ordering: WebhookOrdering;
  rateLimit: number | null;
  maxInFlight: number | null;
  filter: FilterRule | null;
  signatureScheme: SignatureScheme;
  url: string;
  urlEncrypted: string | null;
  sslVerification: boolean;
  secretEncrypted: string | null;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
}

/** Column of each field, in the table's order. */
const COLUMNS: Record<Exclude<keyof WebhookRecord, symbol>, string> = {
  cuid: 'cuid',
  name: 'name',
  type: 'type',
  url: 'url',
  urlEncrypted: 'url_encrypted',
  secretEncrypted: 'secret_encrypted',
  previousSecretEncrypted: 'previous_secret_encrypted',
  previousSecretExpiresAt: 'previous_secret_expires_at',
  sslVerification: 'ssl_verification',
  events: 'events',
  clientCuids: 'client_cuids',
  statuses: 'statuses',
  enabled: 'enabled',
  message: 'message',
  consecutiveFailures: 'consecutive_failures',
  lastAttemptAt: 'last_attempt_at',
  lastStatus: 'last_status',
  lastError: 'last_error',
  lastErrorAt: 'last_error_at',
  disabledReason: 'disabled_reason',
  ordering: 'ordering',
  rateLimit: 'rate_limit',
  maxInFlight: 'max_in_flight',
  filter: 'filter',
  signatureScheme: 'signature_scheme',
  failingSince: 'failing_since',
  alertedAt: 'alerted_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const SELECT = Object.entries(COLUMNS)
  .map(([field, column]) => (field === column ? column : `${column} as "${field}"`))
  .join(', ');

/** All SQL of the `webhook` table but the health changes an attempt makes (AttemptRepository). */
@Injectable()
export class WebhookRepository {
  constructor(private readonly sql: SqlPool) {}

  list({ event, clientCuid, enabled }: WebhookFilter): Promise<WebhookRecord[]> {
    return this.sql.query<WebhookRecord>(
      `select ${SELECT} from webhook
        where ($1::text is null or events @> array[$1::text])
          and ($2::text is null or cardinality(client_cuids) = 0 or client_cuids @> array[$2::text])
          and ($3::boolean is null or enabled = $3)
        order by created_at desc, cuid`,
      [event ?? null, clientCuid ?? null, enabled ?? null],
    );
  }

  async find(cuid: string): Promise<WebhookRecord | null> {
    const [row] = await this.sql.query<WebhookRecord>(`select ${SELECT} from webhook where cuid = $1`, [
      cuid,
    ]);
    return row ?? null;
  }

  async exists(cuid: string): Promise<boolean> {
    return (await this.sql.query('select 1 from webhook where cuid = $1', [cuid])).length > 0;
  }

  async insert(webhook: NewWebhook, now: Date): Promise<WebhookRecord> {
    const fields = Object.keys(webhook) as (keyof NewWebhook)[];
    const [row] = await this.sql.query<WebhookRecord>(
      `insert into webhook (${fields.map((f) => COLUMNS[f]).join(', ')}, created_at, updated_at)
       values (${fields.map((_, i) => `$${i + 1}`).join(', ')}, $${fields.length + 1}, $${fields.length + 1})
       returning ${SELECT}`,
      [...fields.map((f) => webhook[f]), now],
    );
    return row;
  }

  async update(cuid: string, changes: WebhookChanges, now: Date): Promise<WebhookRecord | null> {
    const fields = (Object.keys(changes) as (keyof WebhookChanges)[]).filter((f) => changes[f] !== undefined);
    const [row] = await this.sql.query<WebhookRecord>(
      `update webhook set ${fields.map((f, i) => `${COLUMNS[f]} = $${i + 2}`).join(', ')}${fields.length ? ',' : ''}
         updated_at = $${fields.length + 2}
       where cuid = $1 returning ${SELECT}`,
      [cuid, ...fields.map((f) => changes[f]), now],
    );
    return row ?? null;
  }

  async delete(cuid: string): Promise<boolean> {
    return (await this.sql.query('delete from webhook where cuid = $1 returning cuid', [cuid])).length > 0;
  }

  /** Enabled webhooks that list the event, with what attempting a delivery to them takes. */
  subscribers(event: string): Promise<Subscriber[]> {
    return this.sql.query<Subscriber>(
      `select cuid, type, message, client_cuids as "clientCuids", statuses, ordering, rate_limit as "rateLimit",
              max_in_flight as "maxInFlight", filter, signature_scheme as "signatureScheme",
              url, url_encrypted as "urlEncrypted",
              ssl_verification as "sslVerification", secret_encrypted as "secretEncrypted",
              previous_secret_encrypted as "previousSecretEncrypted",
              previous_secret_expires_at as "previousSecretExpiresAt"
         from webhook where enabled and events @> array[$1]::text[]`,
      [event],
    );
  }

  /**
   * What `subscribers(event)` would read, in a word: how many, and each one's last change. Every
   * change of a webhook's configuration moves its `updated_at`; the one change that does not (a
   * webhook disabled by its failures) changes how many are enabled.
   */
  async subscriberVersion(event: string): Promise<string> {
    const [row] = await this.sql.query<{ version: string }>(
      `select count(*) || ':' || coalesce(md5(string_agg(cuid || '@' || updated_at::text, ',' order by cuid)), '')
                as version
         from webhook where enabled and events @> array[$1]::text[]`,
      [event],
    );
    return row.version;
  }

  /** Webhooks of these types whose URL is still stored in the clear. */
  plainUrls(types: string[]): Promise<Pick<WebhookRecord, 'cuid' | 'type' | 'url'>[]> {
    return this.sql.query(
      'select cuid, type, url from webhook where type = any($1::text[]) and url_encrypted is null',
      [types],
    );
  }

  /** Key ids of stored secrets other than `keyId`: any means the configured key cannot read them. */
  async otherSecretKeyId(keyId: string): Promise<string | null> {
    const [row] = await this.sql.query<{ keyId: string }>(
      `select split_part(secret_encrypted, ':', 2) as "keyId" from webhook
        where secret_encrypted is not null and split_part(secret_encrypted, ':', 2) <> $1 limit 1`,
      [keyId],
    );
    return row?.keyId ?? null;
  }
}
