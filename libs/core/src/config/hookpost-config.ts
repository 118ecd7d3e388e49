import { randomBytes, type KeyObject } from 'node:crypto';
import { parseDuration, parseRetrySchedule } from './duration';
import { CidrList, parseCidrList } from '../net/address-classifier';
import { type EgressProxy, parseEgressProxy } from '../net/egress-proxy';
import { generateSigningSeed, parseSigningKey } from '../signing/server-signing-key';
import { LocalSecretsFile } from './local-secrets.file';

export type HookpostRole = 'api' | 'worker' | 'all';

export interface HookpostConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  role: HookpostRole;
  /** Server processes `main.ts` runs on one port (Node cluster), each with the same role. */
  processes: number;
  adminToken: string;
  encryptionKey: Buffer;
  /** The Ed25519 private key that signs `v1a` signatures (HOOKPOST_SIGNING_KEY). */
  signingKey: KeyObject;
  allowCidrs: CidrList;
  /** Deliveries and tests connect through this HTTP CONNECT proxy, after the SSRF vetting. */
  egressProxy?: EgressProxy;
  deliveryTimeoutMs: number;
  retrySchedule: number[];
  workerConcurrency: number;
  logRetentionDays: number;
  /** Consecutive failed attempts that raise WebhookFailing (once per run of failures). */
  alertAfterFailures: number;
  /** A webhook failing this long without a success is disabled (WebhookDisabled). */
  disableAfterMs: number;
  publicUrl?: string;
  /** OpenTelemetry: spans are posted to `tracesUrl` (OTLP over HTTP) when it is set; no tracing otherwise. */
  tracing: { tracesUrl: string | null; serviceName: string };
  production: boolean;
  /** Set when the token or keys were generated for development, so start-up can print where they live. */
  generated: { adminToken: boolean; encryptionKey: boolean; signingKey: boolean; file?: string };
}

/** A configuration error: start-up prints its message (one line naming the variable) and exits. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

/** Every variable `loadConfig` reads; the README table and docker-compose.yml are checked against it. */
export const CONFIG_VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'REDIS_URL',
  'HOOKPOST_QUEUE_PREFIX',
  'HOOKPOST_ROLE',
  'HOOKPOST_PROCESSES',
  'HOOKPOST_ADMIN_TOKEN',
  'HOOKPOST_ENCRYPTION_KEY',
  'HOOKPOST_SIGNING_KEY',
  'HOOKPOST_ALLOW_CIDRS',
  'HOOKPOST_EGRESS_PROXY',
  'HOOKPOST_DELIVERY_TIMEOUT_MS',
  'HOOKPOST_RETRY_SCHEDULE',
  'HOOKPOST_WORKER_CONCURRENCY',
  'HOOKPOST_LOG_RETENTION_DAYS',
  'HOOKPOST_ALERT_AFTER_FAILURES',
  'HOOKPOST_DISABLE_AFTER',
  'HOOKPOST_PUBLIC_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_SERVICE_NAME',
] as const;

const DEFAULT_CONCURRENCY = 50;

/** Reads and validates every HOOKPOST_* variable (DESIGN §3). Throws ConfigError on the first bad one. */
export function loadConfig(env: Env = process.env, secretsFile = new LocalSecretsFile()): HookpostConfig {
  const production = env.NODE_ENV === 'production';
  const token = resolveSecret(env, 'HOOKPOST_ADMIN_TOKEN', production, secretsFile, () =>
    randomBytes(24).toString('base64url'),
  );
  const key = resolveSecret(env, 'HOOKPOST_ENCRYPTION_KEY', production, secretsFile, () =>
    randomBytes(32).toString('base64'),
  );
  const signing = resolveSecret(env, 'HOOKPOST_SIGNING_KEY', production, secretsFile, generateSigningSeed);
  if (token.value.length < 16)
    throw new ConfigError('HOOKPOST_ADMIN_TOKEN', 'must be at least 16 characters');
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/hookpost', [
      'postgres:',
      'postgresql:',
    ]),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: pattern(env, 'HOOKPOST_QUEUE_PREFIX', 'hookpost', /^[A-Za-z0-9_.:-]{1,64}$/),
    role: oneOf(env, 'HOOKPOST_ROLE', 'all', ['api', 'worker', 'all'] as const),
    processes: integer(env, 'HOOKPOST_PROCESSES', 1, 1, 64),
    adminToken: token.value,
    encryptionKey: decodeKey(key.value),
    signingKey: wrap('HOOKPOST_SIGNING_KEY', () => parseSigningKey(signing.value)),
    allowCidrs: wrap('HOOKPOST_ALLOW_CIDRS', () => parseCidrList(env.HOOKPOST_ALLOW_CIDRS?.trim() ?? '')),
    egressProxy: env.HOOKPOST_EGRESS_PROXY?.trim()
      ? wrap('HOOKPOST_EGRESS_PROXY', () => parseEgressProxy(env.HOOKPOST_EGRESS_PROXY!.trim()))
      : undefined,
    deliveryTimeoutMs: wrap('HOOKPOST_DELIVERY_TIMEOUT_MS', () =>
      env.HOOKPOST_DELIVERY_TIMEOUT_MS ? positiveMs(env.HOOKPOST_DELIVERY_TIMEOUT_MS) : 5000,
    ),
    retrySchedule: wrap('HOOKPOST_RETRY_SCHEDULE', () =>
      parseRetrySchedule(env.HOOKPOST_RETRY_SCHEDULE?.trim() || '10s,1m,5m,30m,2h'),
    ),
    workerConcurrency: integer(env, 'HOOKPOST_WORKER_CONCURRENCY', DEFAULT_CONCURRENCY, 1, 1000),
    logRetentionDays: integer(env, 'HOOKPOST_LOG_RETENTION_DAYS', 30, 1, 3650),
    alertAfterFailures: integer(env, 'HOOKPOST_ALERT_AFTER_FAILURES', 5, 1, 1000),
    disableAfterMs: wrap('HOOKPOST_DISABLE_AFTER', () =>
      parseDuration(env.HOOKPOST_DISABLE_AFTER?.trim() || '5d'),
    ),
    publicUrl: env.HOOKPOST_PUBLIC_URL ? url(env, 'HOOKPOST_PUBLIC_URL', '', ['http:', 'https:']) : undefined,
    tracing: {
      tracesUrl: otlpTracesUrl(env),
      serviceName: pattern(env, 'OTEL_SERVICE_NAME', 'hookpost', /^\S.{0,254}$/),
    },
    production,
    generated: {
      adminToken: token.generated,
      encryptionKey: key.generated,
      signingKey: signing.generated,
      file: token.generated || key.generated || signing.generated ? secretsFile.path : undefined,
    },
  };
}

/** Plain numbers mean milliseconds; units are accepted too (`5s`). */
function positiveMs(text: string): number {
  const ms = /^\d+$/.test(text.trim()) ? Number(text) : parseDuration(text);
  if (ms < 1 || ms > 600_000) throw new Error('must be between 1 ms and 10 minutes');
  return ms;
}

function resolveSecret(
  env: Env,
  name: string,
  production: boolean,
  file: LocalSecretsFile,
  generate: () => string,
): { value: string; generated: boolean } {
  const given = env[name]?.trim();
  if (given) return { value: given, generated: false };
  if (production) throw new ConfigError(name, 'is required when NODE_ENV=production');
  return { value: file.getOrCreate(name, generate), generated: true };
}

function decodeKey(text: string): Buffer {
  const hex = /^[0-9a-fA-F]{64}$/.test(text);
  const base64 = /^[A-Za-z0-9+/_-]{43}=?$/.test(text);
  const key = hex ? Buffer.from(text, 'hex') : base64 ? Buffer.from(text, 'base64') : undefined;
  if (key?.length !== 32) {
    throw new ConfigError(
      'HOOKPOST_ENCRYPTION_KEY',
      'must be 32 bytes written as 64 hex characters or base64',
    );
  }
  return key;
}

function wrap<T>(variable: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError(variable, (error as Error).message);
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return Number(text);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const text = env[name]?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return text;
}

/**
 * Where spans are posted, by OpenTelemetry's rule for its exporters: the traces variable is the URL
 * as given; the general one is the collector's base URL, spans going to its `/v1/traces`.
 */
function otlpTracesUrl(env: Env): string | null {
  const protocols = ['http:', 'https:'];
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim())
    return url(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '', protocols);
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return null;
  return `${url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', '', protocols).replace(/\/+$/, '')}/v1/traces`;
}

function pattern(env: Env, name: string, fallback: string, re: RegExp): string {
  const text = env[name]?.trim() || fallback;
  if (!re.test(text)) throw new ConfigError(name, `must match ${re} (got "${text}")`);
  return text;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, values: readonly T[]): T {
  const text = (env[name]?.trim() || fallback) as T;
  if (!values.includes(text))
    throw new ConfigError(name, `must be one of ${values.join(', ')} (got "${text}")`);
  return text;
}
