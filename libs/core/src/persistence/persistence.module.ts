import { Global, Module } from '@nestjs/common';
import { AttemptRepository } from './attempt.repository';
import { DatabaseMigrator } from './database-migrator';
import { DeliveryRepository } from './delivery.repository';
import { OutboxRepository } from './outbox.repository';
import { SigningKeyRepository } from './signing-key.repository';
import { SqlPool } from './sql-pool';
import { WebhookRepository } from './webhook.repository';

const REPOSITORIES = [
  WebhookRepository,
  OutboxRepository,
  DeliveryRepository,
  AttemptRepository,
  SigningKeyRepository,
];

/**
 * PostgreSQL: the migrations at start-up and the repositories, which own all the SQL of their
 * tables. Nothing outside this folder writes SQL.
 */
@Global()
@Module({
  providers: [SqlPool, DatabaseMigrator, ...REPOSITORIES],
  exports: [SqlPool, ...REPOSITORIES],
})
export class PersistenceModule {}
