import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SigningKeyRepository } from '../persistence/signing-key.repository';
import { ServerSigningKey } from './server-signing-key';
import type { SigningKeysDto } from './signing-keys.dto';

/** How long a replaced key stays published: deliveries it signed may still be retried or verified late. */
export const RETIRED_KEY_PUBLISHED_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The server's public keys (DESIGN §12). At start-up the configured key becomes the current one and
 * any other retires; a retired key is published for 7 more days, so a rotation (a new
 * HOOKPOST_SIGNING_KEY and a restart) never leaves a receiver unable to verify a recent delivery.
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  constructor(
    private readonly keys: SigningKeyRepository,
    private readonly current: ServerSigningKey,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { kid, publicKey } = this.current;
    const retired = await this.keys.makeCurrent(kid, publicKey.toString('base64'), new Date());
    if (retired) {
      new Logger('Signing').log(
        `Signing key ${kid} is now current; ${retired} previous key(s) stay published for 7 days`,
      );
    }
  }

  async published(now = new Date()): Promise<SigningKeysDto> {
    const rows = await this.keys.published(
      this.current.kid,
      new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS),
    );
    return { keys: rows.map(({ kid, publicKey }) => ({ kid, alg: 'Ed25519', publicKey })) };
  }
}
