import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SqlPool } from '../persistence/sql-pool';

const PING_TIMEOUT_MS = 1000;

/** PostgreSQL answers a trivial query in time. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly sql: SqlPool,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: 'postgresql') {
    const session = this.health.check(key);
    try {
      await withTimeout(this.sql.query('select 1'), PING_TIMEOUT_MS);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
