import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { createId } from '@paralleldrive/cuid2';

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
    | 'consecutiveFailures'
    | 'lastAttemptAt'
    | 'lastStatus'
    | 'disabledReason'
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

  @Property({ type: 'text', nullable: true })
  disabledReason: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
