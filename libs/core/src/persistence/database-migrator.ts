import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import { ConfigError, type HookpostConfig } from '../config/hookpost-config';
import { SecretCipher } from '../crypto/secret-cipher';
import { ensureDatabase, migrate } from './database-bootstrap';
import { mikroOrmOptions } from './mikro-orm.options';
import { WebhookRepository } from './webhook.repository';

/**
 * Before anything else touches the database: creates it if missing, brings the schema up to date
 * (MikroORM, whose only run-time job this is), then refuses to run with a key that cannot read the
 * stored secrets.
 */
@Injectable()
export class DatabaseMigrator implements OnModuleInit {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly cipher: SecretCipher,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureDatabase(this.config.databaseUrl);
    const orm = await MikroORM.init(mikroOrmOptions(this.config.databaseUrl));
    try {
      const applied = await migrate(orm, this.config.databaseUrl);
      if (applied.length) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
    } finally {
      await orm.close();
    }
    const stored = await this.webhooks.otherSecretKeyId(this.cipher.keyId);
    if (stored) {
      throw new ConfigError(
        'HOOKPOST_ENCRYPTION_KEY',
        `is not the key the stored webhook secrets were encrypted with (stored key id ${stored}, configured ${this.cipher.keyId})`,
      );
    }
  }
}
