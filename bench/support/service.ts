import type { INestApplication, LoggerService } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type Knex, MikroORM } from '@mikro-orm/postgresql';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Pool } from 'undici';
import { dropDatabase, HookpostConfig, loadConfig } from '@hookpost/core';
import { createApp } from '../../apps/server/src/create-app';
import { ServerProcess } from '../../test/support/server-process';
import type { BenchOptions } from './options';

const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

/** Only warnings and errors reach the terminal (Nest's start-up chatter would bury the progress). */
class QuietLogger implements LoggerService {
  warnings = 0;
  errors = 0;
  log(): void {}
  debug(): void {}
  verbose(): void {}
  // Expected in the isolation scenario (every timed-out attempt is a warning): show a few, count the rest.
  warn(message: unknown, context?: string): void {
    if (++this.warnings <= 3) console.warn(`  [service warn] ${context ?? ''} ${text(message)}`);
  }
  error(message: unknown, ...rest: unknown[]): void {
    if (++this.errors <= 10) console.error(`  [service error] ${text(message)} ${rest.map(text).join(' ')}`);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)).slice(0, 300);
}

/** The configuration the run used, also written to the results. */
export function serviceEnv(options: BenchOptions, name: string): Record<string, string> {
  return {
    DATABASE_URL: `${options.postgresUrl}/${name}`,
    REDIS_URL: options.redisUrl,
    HOOKPOST_QUEUE_PREFIX: name,
    HOOKPOST_ADMIN_TOKEN: TOKEN,
    HOOKPOST_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32',
    HOOKPOST_DELIVERY_TIMEOUT_MS: String(options.timeoutMs),
    HOOKPOST_RETRY_SCHEDULE: options.retrySchedule,
    HOOKPOST_WORKER_CONCURRENCY: String(options.concurrency),
  };
}

/**
 * The real server, started in-process the way `main.ts` does (createApp + listen), on a database and
 * queue prefix of its own; `destroy` removes both and is safe to call twice or after a failed start.
 */
export class Service {
  app?: INestApplication;
  baseUrl = '';
  readonly logger = new QuietLogger();
  readonly config: HookpostConfig;
  /** The benchmark's own connection to the service's database (polling, counting); not the app's. */
  readonly db: Client;
  private admin?: Pool;
  private destroyed = false;

  private readonly workers: ServerProcess[] = [];

  /** With `workers` > 0 this process serves the API only and that many worker processes deliver. */
  constructor(
    private readonly env: Record<string, string>,
    private readonly workerCount = 0,
  ) {
    this.config = loadConfig(workerCount > 0 ? { ...env, HOOKPOST_ROLE: 'api' } : env);
    this.db = new Client({ connectionString: this.config.databaseUrl });
    // PostgreSQL restarting under the run must fail a query, not crash the process via an 'error' event.
    this.db.on('error', (error) => console.error(`  bench database connection lost: ${error.message}`));
  }

  async start(): Promise<void> {
    this.app = await createApp(this.config, this.logger);
    await this.app.listen(0, '127.0.0.1');
    this.baseUrl = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.admin = new Pool(this.baseUrl, { connections: 16 });
    await this.db.connect();
    for (let i = 0; i < this.workerCount; i++) {
      this.workers.push(
        await ServerProcess.start({ ...this.env, NODE_ENV: 'production', HOOKPOST_ROLE: 'worker' }),
      );
    }
  }

  get token(): string {
    return this.config.adminToken;
  }

  /** An authenticated JSON request to the admin API; throws on an unexpected status. */
  async request<T>(method: 'POST' | 'PATCH', path: string, body: unknown, expect: number): Promise<T> {
    const response = await this.admin!.request({
      method,
      path,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode !== expect) {
      throw new Error(`${method} ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as T;
  }

  /** Creates a webhook subscribed to ReportPublished for one client id (so scenarios never cross). */
  async createWebhook(name: string, url: string, clientCuid: string, secret: string): Promise<string> {
    const created = await this.request<{ cuid: string }>(
      'POST',
      '/api/internal/webhooks',
      { name, url, events: ['ReportPublished'], clientCuids: [clientCuid], secret },
      201,
    );
    return created.cuid;
  }

  setEnabled(cuid: string, enabled: boolean): Promise<unknown> {
    return this.request('PATCH', `/api/internal/webhooks/${cuid}`, { enabled }, 200);
  }

  /** Deliveries of these webhooks that PostgreSQL records as succeeded. */
  async succeeded(webhookCuids: string[]): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `select count(*) as n from delivery where webhook_cuid = any($1) and status = 'succeeded'`,
      [webhookCuids],
    );
    return Number(rows[0].n);
  }

  /** The ORM's connection pool (knex/tarn): connections in use and callers waiting for one. */
  poolStats(): { used: number; pending: number } {
    const connection = this.app?.get(MikroORM).em.getConnection() as { getKnex?: () => Knex } | undefined;
    const knex = connection?.getKnex?.();
    const pool = (knex?.client as { pool?: { numUsed(): number; numPendingAcquires(): number } })?.pool;
    return { used: pool?.numUsed() ?? 0, pending: pool?.numPendingAcquires() ?? 0 };
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.admin?.close().catch(() => undefined);
    await this.db.end().catch(() => undefined);
    // Nest's own SIGINT hook may be closing the app at the same moment; bounded either way.
    await Promise.all(this.workers.map((worker) => worker.stop()));
    if (this.app) await withTimeout(this.app.close(), 10_000).catch(() => undefined);
    await dropDatabase(this.config.databaseUrl).catch((error: Error) =>
      console.error(`  could not drop the bench database: ${error.message}`),
    );
    await deleteKeys(this.config.redisUrl, this.config.queuePrefix).catch((error: Error) =>
      console.error(`  could not delete the bench Redis keys: ${error.message}`),
    );
  }
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref()),
  ]);
}
