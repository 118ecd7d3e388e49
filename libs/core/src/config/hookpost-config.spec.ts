import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './hookpost-config';
import { LocalSecretsFile } from './local-secrets.file';

const tempDirs: string[] = [];
const tempSecrets = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookpost-'));
  tempDirs.push(dir);
  return new LocalSecretsFile(join(dir, 'secrets.json'));
};
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, tempSecrets());
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/hookpost',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'hookpost',
      role: 'all',
      deliveryTimeoutMs: 5000,
      retrySchedule: [10_000, 60_000, 300_000, 1_800_000, 7_200_000],
      logRetentionDays: 30,
      tracing: { tracesUrl: null, serviceName: 'hookpost' },
      production: false,
    });
    expect(config.encryptionKey).toHaveLength(32);
  });

  it('generates a development token and keys once and keeps them in a private file', () => {
    const file = tempSecrets();
    const first = loadConfig({}, file);
    const second = loadConfig({}, file);
    expect(first.generated).toEqual({
      adminToken: true,
      encryptionKey: true,
      signingKey: true,
      file: file.path,
    });
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(first.signingKey.asymmetricKeyType).toBe('ed25519');
    expect(second.signingKey.equals(first.signingKey)).toBe(true);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toHaveProperty(
      'HOOKPOST_ADMIN_TOKEN',
      first.adminToken,
    );
  });

  it('accepts a hex or base64 key and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ HOOKPOST_ENCRYPTION_KEY: hex }, tempSecrets()).encryptionKey.toString('hex')).toBe(
      hex,
    );
    expect(
      loadConfig({ HOOKPOST_ENCRYPTION_KEY: base64 }, tempSecrets()).encryptionKey.equals(
        Buffer.alloc(32, 7),
      ),
    ).toBe(true);
    expect(() => loadConfig({ HOOKPOST_ENCRYPTION_KEY: 'ab'.repeat(16) }, tempSecrets())).toThrow(
      'Invalid configuration: HOOKPOST_ENCRYPTION_KEY must be 32 bytes',
    );
  });

  it('names the variable in every refusal', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: '70000' }, 'PORT'],
      [{ HOOKPOST_WORKER_CONCURRENCY: '0' }, 'HOOKPOST_WORKER_CONCURRENCY'],
      [{ HOOKPOST_LOG_RETENTION_DAYS: 'x' }, 'HOOKPOST_LOG_RETENTION_DAYS'],
      [{ HOOKPOST_QUEUE_PREFIX: 'has space' }, 'HOOKPOST_QUEUE_PREFIX'],
      [{ HOOKPOST_PUBLIC_URL: 'ftp://x' }, 'HOOKPOST_PUBLIC_URL'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ HOOKPOST_RETRY_SCHEDULE: '10s,,1m' }, 'HOOKPOST_RETRY_SCHEDULE'],
      [{ HOOKPOST_ADMIN_TOKEN: 'short' }, 'HOOKPOST_ADMIN_TOKEN'],
      [{ HOOKPOST_EGRESS_PROXY: 'https://proxy:3128' }, 'HOOKPOST_EGRESS_PROXY'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
      [{ HOOKPOST_SIGNING_KEY: 'not base64!' }, 'HOOKPOST_SIGNING_KEY'],
      [{ HOOKPOST_SIGNING_KEY: Buffer.alloc(16).toString('base64') }, 'HOOKPOST_SIGNING_KEY'],
    ];
    for (const [env, variable] of cases) {
      expect(() => loadConfig(env, tempSecrets())).toThrow(
        new RegExp(`^Invalid configuration: ${variable} `),
      );
    }
  });

  it('reads the retry schedule and allow list', () => {
    const config = loadConfig(
      {
        HOOKPOST_RETRY_SCHEDULE: '500ms,2s',
        HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32, ::1/128',
        HOOKPOST_DELIVERY_TIMEOUT_MS: '1500',
      },
      tempSecrets(),
    );
    expect(config.retrySchedule).toEqual([500, 2000]);
    expect(config.deliveryTimeoutMs).toBe(1500);
  });

  it('traces only with an OTLP endpoint, under OTEL_SERVICE_NAME', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'hooks-eu' };
    expect(loadConfig(env, tempSecrets()).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'hooks-eu',
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base' }, 'https://otel.example/base/v1/traces'],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example/ingest/spans' },
      'https://otel.example/ingest/spans',
    ],
    [
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/v1/traces',
      },
      'http://traces:4318/v1/traces',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ' ' },
      'http://collector:4318/v1/traces',
    ],
  ])('posts spans as OpenTelemetry exporters do: %j to %s', (env, tracesUrl) => {
    expect(loadConfig(env, tempSecrets()).tracing.tracesUrl).toBe(tracesUrl);
  });

  it('goes direct unless HOOKPOST_EGRESS_PROXY is set', () => {
    expect(loadConfig({ HOOKPOST_EGRESS_PROXY: ' ' }, tempSecrets()).egressProxy).toBeUndefined();
    expect(
      loadConfig({ HOOKPOST_EGRESS_PROXY: 'http://proxy.internal:3128' }, tempSecrets()).egressProxy,
    ).toEqual({ host: 'proxy.internal', port: 3128, label: 'http://proxy.internal:3128' });
  });

  it('reads a given signing key and generates nothing for it', () => {
    const seed = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({ HOOKPOST_SIGNING_KEY: seed }, tempSecrets());
    expect(config.generated.signingKey).toBe(false);
    expect(
      config.signingKey.equals(loadConfig({ HOOKPOST_SIGNING_KEY: seed }, tempSecrets()).signingKey),
    ).toBe(true);
  });

  it('requires every secret in production, the signing key included', () => {
    const given = {
      NODE_ENV: 'production',
      HOOKPOST_ADMIN_TOKEN: 'a-production-token-of-some-length',
      HOOKPOST_ENCRYPTION_KEY: 'ab'.repeat(32),
    };
    const file = tempSecrets();
    expect(() => loadConfig(given, file)).toThrow(
      'Invalid configuration: HOOKPOST_SIGNING_KEY is required when NODE_ENV=production',
    );
    const config = loadConfig(
      { ...given, HOOKPOST_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64') },
      file,
    );
    expect(config.generated).toEqual({ adminToken: false, encryptionKey: false, signingKey: false });
  });
});
