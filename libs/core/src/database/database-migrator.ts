import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import { ConfigError, type HookpostConfig } from '../config/hookpost-config';
import { SecretCipher } from '../crypto/secret-cipher';
import { migrate } from './database-bootstrap';

/** Brings the schema up to date on start-up, then refuses to run with a key that cannot read stored secrets. */
@Injectable()
export class DatabaseMigrator implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly cipher: SecretCipher,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrate(this.orm, this.config.databaseUrl);
    if (applied.length) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
    const [row] = await this.orm.em.getConnection().execute<{ key_id: string }[]>(
      `select split_part(secret_encrypted, ':', 2) as key_id from webhook
        where secret_encrypted is not null and split_part(secret_encrypted, ':', 2) <> ? limit 1`,
      [this.cipher.keyId],
    );
    if (row) {
      throw new ConfigError(
        'HOOKPOST_ENCRYPTION_KEY',
        `is not the key the stored webhook secrets were encrypted with (stored key id ${row.key_id}, configured ${this.cipher.keyId})`,
      );
    }
  }
}
