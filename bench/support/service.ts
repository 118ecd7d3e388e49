import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Pool } from 'undici';
import { dropDatabase, type HookpostConfig, loadConfig } from '@hookpost/core';
import type { BenchOptions } from './options';
import { ServiceClient } from './service-client';

/** The configuration the run used (written to the results, secrets left out). */
export function serviceEnv(options: BenchOptions, name: string): Record<string, string> {
  return {
    DATABASE_URL: `${options.postgresUrl}/${name}`,
    REDIS_URL: options.redisUrl,
    HOOKPOST_QUEUE_PREFIX: name,
    HOOKPOST_ADMIN_TOKEN: `bench-${randomBytes(16).toString('hex')}`,
    HOOKPOST_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    HOOKPOST_SIGNING_KEY: randomBytes(32).toString('base64'),
    HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32',
    HOOKPOST_DELIVERY_TIMEOUT_MS: String(options.timeoutMs),
    HOOKPOST_RETRY_SCHEDULE: options.retrySchedule,
    HOOKPOST_WORKER_CONCURRENCY: String(options.concurrency),
    HOOKPOST_PROCESSES: String(options.processes),
  };
}

export interface ServiceLogSummary {
  files: string[];
  warnings: number;
  errors: number;
  /** Lines that are not JSON: stderr (a crash, a Node warning) or Nest's output before pino took over. */
  otherLines: number;
  /** The first few error lines, shortened. */
  samples: string[];
}

/**
 * The deployment under test: one process with HOOKPOST_ROLE=all, or an API process and `workers`
 * worker processes, on a database and queue prefix of its own. It can be stopped and started again
 * (under the profiler); `destroy` stops it and removes the database and the keys, and is safe to call
 * twice or after a failed start.
 */
export class Service {
  readonly config: HookpostConfig;
  /** The benchmark's own connection to the service's database (polling, backends); not the app's. */
  readonly db: Client;
  private processes: ServiceClient[] = [];
  private admin?: Pool;
  private dbConnected = false;
  private destroyed = false;
  private readonly logFiles = new Set<string>();

  /** `logFile(role)`: where that process's JSON log lines go. */
  constructor(
    private readonly env: Record<string, string>,
    private readonly workerCount: number,
    private readonly logFile: (role: string) => string,
  ) {
    this.config = loadConfig({ ...env, NODE_ENV: 'production' }); // fails here, with one line, if env is wrong
    this.db = new Client({ connectionString: this.config.databaseUrl });
    // PostgreSQL restarting under the run must fail a query, not crash the process via an 'error' event.
    this.db.on('error', (error) => console.error(`  bench database connection lost: ${error.message}`));
  }

  /** The processes' names: `all`, or `api`, `worker-1`… (their log and profile files are named so). */
  get roles(): string[] {
    return this.workerCount > 0
      ? ['api', ...Array.from({ length: this.workerCount }, (_, index) => `worker-${index + 1}`)]
      : ['all'];
  }

  /** Starts the API (or all-in-one) process, then the workers; `profile` names their CPU profiles. */
  async start(profile?: { dir: string; prefix: string }): Promise<void> {
    // One at a time: the first runs the migrations (on a fresh database) before the others connect.
    for (const name of this.roles) {
      const role = name.startsWith('worker') ? 'worker' : (name as 'all' | 'api');
      const logFile = this.logFile(name);
      this.logFiles.add(logFile);
      this.processes.push(
        await ServiceClient.start({
          // A profile is of one process: several would write their samples to the same file.
          env: profile ? { ...this.env, HOOKPOST_PROCESSES: '1' } : this.env,
          role,
          logFile,
          profile: profile && { dir: profile.dir, name: `${profile.prefix}-${name}.cpuprofile` },
        }),
      );
    }
    this.admin = new Pool(this.baseUrl, { connections: 16 });
    if (!this.dbConnected) {
      await this.db.connect();
      this.dbConnected = true;
    }
  }

  /** Stops every process cleanly (so profiles are written); the database and keys stay. */
  async stop(): Promise<void> {
    await this.admin?.close().catch(() => undefined);
    this.admin = undefined;
    await Promise.all(this.processes.map((process) => process.stop()));
    this.processes = [];
  }

  /** The process that serves the API and takes event-bus emissions. */
  get api(): ServiceClient {
    if (!this.processes[0]) throw new Error('the service is not running');
    return this.processes[0];
  }

  get baseUrl(): string {
    return this.api.url;
  }

  /** Every process of the deployment, the server processes of a cluster's primary included. */
  get pids(): number[] {
    return this.processes.flatMap((process) => [process.pid, ...childrenOf(process.pid)]);
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

  /**
   * Creates a webhook subscribed to ReportPublished for one client id (so scenarios never cross);
   * `settings`: more webhook fields, such as `ordering` or `rateLimit`.
   */
  async createWebhook(
    name: string,
    url: string,
    clientCuid: string,
    secret: string,
    settings: Record<string, unknown> = {},
  ): Promise<string> {
    const created = await this.request<{ cuid: string }>(
      'POST',
      '/api/internal/webhooks',
      { name, url, events: ['ReportPublished'], clientCuids: [clientCuid], secret, ...settings },
      201,
    );
    return created.cuid;
  }

  setEnabled(cuid: string, enabled: boolean): Promise<unknown> {
    return this.request('PATCH', `/api/internal/webhooks/${cuid}`, { enabled }, 200);
  }

  /**
   * Deliveries of these webhooks that PostgreSQL records as succeeded. The one place the bench reads
   * Hookpost's tables: "delivered" means logged as delivered, as a user would check it.
   */
  async succeeded(webhookCuids: string[]): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `select count(*) as n from delivery where webhook_cuid = any($1) and status = 'succeeded'`,
      [webhookCuids],
    );
    return Number(rows[0].n);
  }

  /** Warnings and errors in the service's JSON logs (pino levels 40 and up), and lines that are not JSON. */
  async logSummary(): Promise<ServiceLogSummary> {
    const files = [...this.logFiles];
    const summary: ServiceLogSummary = { files, warnings: 0, errors: 0, otherLines: 0, samples: [] };
    for (const file of files) {
      for await (const line of createInterface({ input: createReadStream(file) })) {
        let level: number | undefined;
        try {
          level = (JSON.parse(line) as { level?: number }).level;
        } catch {
          if (line.trim()) summary.otherLines++;
          continue;
        }
        if (level === 40) summary.warnings++;
        if (level === undefined || level < 50) continue;
        if (++summary.errors <= 5) summary.samples.push(line.slice(0, 300));
      }
    }
    return summary;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.stop();
    await this.db.end().catch(() => undefined);
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

/** A process's children (a cluster's server processes), from /proc; none where there is no /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
