import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { createId } from '@paralleldrive/cuid2';
import type { FilterRule } from '../../filters/filter-rule';
import type { SignatureScheme } from '../../signing/signature-scheme';

export type WebhookOrdering = 'none' | 'target';

/** What the service keeps about a webhook's deliveries, never given by a user. */
export type WebhookHealthProp =
  | 'consecutiveFailures'
  | 'lastAttemptAt'
  | 'lastStatus'
  | 'lastError'
  | 'lastErrorAt'
  | 'disabledReason'
  | 'failingSince'
  | 'alertedAt';

@Entity({ tableName: 'webhook' })
export class Webhook {
  [OptionalProps]?:
    | 'cuid'
    | 'type'
    | 'urlEncrypted'
    | 'secretEncrypted'
    | 'previousSecretEncrypted'
    | 'previousSecretExpiresAt'
    | 'sslVerification'
    | 'clientCuids'
    | 'statuses'
    | 'enabled'
    | 'ordering'
    | 'rateLimit'
    | 'maxInFlight'
    | 'filter'
    | 'signatureScheme'
    | WebhookHealthProp
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 32 })
  cuid: string = createId();

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 40 })
  type: string = 'http';

  /** The URL, or only its origin when the URL is a credential (then see urlEncrypted); read it with readUrl. */
  @Property({ type: 'text' })
  url!: string;

  /** AES-256-GCM ciphertext of a URL that is itself a credential (Slack, Teams, Discord). */
  @Property({ type: 'text', nullable: true })
  urlEncrypted: string | null = null;

  /** AES-256-GCM ciphertext (see SecretCipher); never the plaintext. */
  @Property({ type: 'text', nullable: true })
  secretEncrypted: string | null = null;

  /** After a secret change the previous one keeps signing for 24 h (Standard Webhooks rotation). */
  @Property({ type: 'text', nullable: true })
  previousSecretEncrypted: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'boolean' })
  sslVerification: boolean = true;

  @Index({ type: 'GIN' })
  @Property({ type: 'text[]' })
  events: string[] = [];

  @Property({ type: 'text[]' })
  clientCuids: string[] = [];

  @Property({ type: 'text[]' })
  statuses: string[] = [];

  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Property({ type: 'text' })
  message!: string;

  @Property({ type: 'integer' })
  consecutiveFailures: number = 0;

  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'string', length: 20, nullable: true })
  lastStatus: string | null = null;

  /** What the latest failed attempt said (its error, or its HTTP status), kept after later successes. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastErrorAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  disabledReason: string | null = null;

  /** `target`: deliveries sharing a targetCuid go out one at a time, in intake order (DESIGN §12). */
  @Property({ type: 'string', length: 10, default: 'none' })
  ordering: WebhookOrdering = 'none';

  /** Most requests a second to this webhook, across every worker; null: no limit. */
  @Property({ type: 'integer', nullable: true })
  rateLimit: number | null = null;

  /** Most attempts in flight to this webhook at once, across every worker; null: no limit set. */
  @Property({ type: 'integer', nullable: true })
  maxInFlight: number | null = null;

  /** Delivered only the events this rule matches; null: every event it subscribes to. */
  @Property({ type: 'json', nullable: true })
  filter: FilterRule | null = null;

  /** `ed25519`: deliveries also carry the server's signature (`v1a`), verifiable with its published keys. */
  @Property({ type: 'string', length: 10, default: 'hmac' })
  signatureScheme: SignatureScheme = 'hmac';

  /** When the current run of failed attempts began (null after a success): disabling reads it. */
  @Property({ type: 'datetime', nullable: true })
  failingSince: Date | null = null;

  /** When WebhookFailing was raised for the current run of failures (once per run). */
  @Property({ type: 'datetime', nullable: true })
  alertedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
