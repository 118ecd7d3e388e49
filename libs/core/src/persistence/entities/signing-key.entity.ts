import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A public key the server has signed with (DESIGN §12): the current one, and those retired when a
 * new HOOKPOST_SIGNING_KEY took over, published for 7 more days so receivers can verify deliveries
 * signed just before the change.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  [OptionalProps]?: 'createdAt' | 'retiredAt';

  /** base64url of the first 12 bytes of the public key's SHA-256. */
  @PrimaryKey({ type: 'string', length: 32 })
  kid!: string;

  /** base64 of the raw 32-byte Ed25519 public key. */
  @Property({ type: 'text' })
  publicKey!: string;

  /** When a server first started with this key. */
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** When a server first started with another key; null while it is current. */
  @Property({ type: 'datetime', nullable: true })
  retiredAt: Date | null = null;
}
