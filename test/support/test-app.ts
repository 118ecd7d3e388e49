import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import type { Connector } from '@hookpost/connector-sdk';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { dropDatabase, HookpostConfig, loadConfig } from '@hookpost/core';
import { LocalSecretsFile } from '@hookpost/core/config/local-secrets.file';
import { createApp } from '../../apps/server/src/create-app';
import { testServerUrl } from './global-setup';

export const TEST_TOKEN = 'test-admin-token-0123456789abcdef';
export const TEST_KEY = randomBytes(32).toString('hex');
/** A seed, so the API and the worker processes of a test sign with one key. */
export const TEST_SIGNING_KEY = randomBytes(32).toString('base64');

export interface TestApp {
  app: INestApplication;
  config: HookpostConfig;
  /** supertest bound to the server, with the admin token already set. */
  api: () => ReturnType<typeof authed>;
  http: request.Agent;
  baseUrl: string;
  /** One statement on the test's database, behind the server's back, on a connection of its own. */
  sql: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  /** Stops the server; `keepData` leaves the database for a restart test. */
  close: (options?: { keepData?: boolean }) => Promise<void>;
}

/** Servers a test brings instead of the machine's (see own-postgres.ts and own-redis.ts). */
export interface TestServers {
  postgresUrl: (database: string) => string;
  redisUrl: string;
}

/** A unique database and queue prefix for one test app; both are removed on close. */
export function uniqueNames(postgresUrl = testServerUrl): { databaseUrl: string; queuePrefix: string } {
  const name = `${process.env.HOOKPOST_TEST_RUN ?? 'hp_t_manual'}_${randomBytes(5).toString('hex')}`;
  return { databaseUrl: postgresUrl(name), queuePrefix: name };
}

/**
 * The app on the machine's PostgreSQL and Redis, or on `servers`; `env` overrides either. It offers the
 * project's connectors, or `connectors`; with `spanProcessor` it traces, into that processor.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  servers?: TestServers,
  connectors?: readonly Connector[],
  spanProcessor?: SpanProcessor,
): Promise<TestApp> {
  const names = uniqueNames(servers?.postgresUrl);
  const secretsDir = mkdtempSync(join(tmpdir(), 'hookpost-'));
  const config = loadConfig(
    {
      DATABASE_URL: names.databaseUrl,
      ...(servers && { REDIS_URL: servers.redisUrl }),
      HOOKPOST_QUEUE_PREFIX: names.queuePrefix,
      HOOKPOST_ADMIN_TOKEN: TEST_TOKEN,
      HOOKPOST_ENCRYPTION_KEY: TEST_KEY,
      HOOKPOST_SIGNING_KEY: TEST_SIGNING_KEY,
      HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32,::1/128',
      ...env,
    },
    new LocalSecretsFile(join(secretsDir, 'secrets.json')),
  );
  const app = await createApp(
    config,
    process.env.HOOKPOST_TEST_LOGS ? undefined : false,
    connectors,
    spanProcessor,
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const http = request.agent(app.getHttpServer());
  return {
    app,
    config,
    http,
    baseUrl,
    api: () => authed(app),
    sql: (text, params) => query(config.databaseUrl, text, params),
    close: async ({ keepData = false } = {}) => {
      await app.close();
      rmSync(secretsDir, { recursive: true, force: true });
      if (!keepData) await cleanUp(config);
    },
  };
}

async function query<T>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(text, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/**
 * Removes a test's database and queue keys. Without `redisUrl`, on the Redis a server process uses
 * when REDIS_URL is not set (`serverProcessEnv` sets none).
 */
export async function cleanUp({
  databaseUrl,
  queuePrefix,
  redisUrl = 'redis://127.0.0.1:6379',
}: {
  databaseUrl: string;
  queuePrefix: string;
  redisUrl?: string;
}): Promise<void> {
  await dropDatabase(databaseUrl);
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

function authed(app: INestApplication) {
  const agent = request(app.getHttpServer());
  const withToken = <T extends request.Test>(test: T) => test.set('Authorization', `Bearer ${TEST_TOKEN}`);
  return {
    get: (url: string) => withToken(agent.get(url)),
    post: (url: string) => withToken(agent.post(url)),
    patch: (url: string) => withToken(agent.patch(url)),
    delete: (url: string) => withToken(agent.delete(url)),
  };
}

/** A server process's environment on a test run's own database and queue prefix, loopback allowed. */
export function serverProcessEnv(names: {
  databaseUrl: string;
  queuePrefix: string;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: names.databaseUrl,
    HOOKPOST_QUEUE_PREFIX: names.queuePrefix,
    HOOKPOST_ADMIN_TOKEN: TEST_TOKEN,
    HOOKPOST_ENCRYPTION_KEY: TEST_KEY,
    HOOKPOST_SIGNING_KEY: TEST_SIGNING_KEY,
    HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32',
  };
}

/**
 * The environment of a worker process (`ServerProcess`) on the same storage as a test app: the same
 * database, Redis prefix, token, key, allow list, timeout and retry schedule.
 */
export function workerEnv(config: HookpostConfig): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOOKPOST_ROLE: 'worker',
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    HOOKPOST_QUEUE_PREFIX: config.queuePrefix,
    HOOKPOST_ADMIN_TOKEN: TEST_TOKEN,
    HOOKPOST_ENCRYPTION_KEY: TEST_KEY,
    HOOKPOST_SIGNING_KEY: TEST_SIGNING_KEY,
    HOOKPOST_ALLOW_CIDRS: config.allowCidrs.map((cidr) => cidr.text).join(','),
    HOOKPOST_DELIVERY_TIMEOUT_MS: String(config.deliveryTimeoutMs),
    HOOKPOST_RETRY_SCHEDULE: config.retrySchedule.map((ms) => `${ms}ms`).join(','),
  };
}
