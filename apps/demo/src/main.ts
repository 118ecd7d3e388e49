import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import Redis from 'ioredis';
import type { EventType } from '@hookpost/connector-sdk';
import { dropDatabase, HookpostConfig, loadConfig } from '@hookpost/core';
import { createApp } from '../../server/src/create-app';
import { ExampleUpstreamService } from '../../server/src/example-upstream/example-upstream.service';
import { demoBurst, publish } from './demo-events';
import { DemoReceiver, everyNthFirstAttemptFails } from './demo-receiver';
import { ProgressDisplay, ReceiverRow } from './progress-display';

const HTTP_SECRET = 'demo-signing-secret-7f3a9c';
/** Every settled delivery is expected well within this after the last event (schedule 1s,2s,4s). */
const SETTLE_TIMEOUT_MS = 60_000;

interface DemoWebhook {
  receiver: DemoReceiver;
  type: string;
  name: string;
  events: EventType[];
  secret?: string;
  cuid?: string;
}

/**
 * `npm run demo`: Hookpost in-process on the local PostgreSQL and Redis (a database and queue prefix
 * of its own, recreated each run), three local receivers, a burst of upstream events, live progress
 * and a summary. Exits 1 if a delivery was lost or failed or a signature did not verify. Returns the
 * exit code, or null while the service keeps running (`--keep`).
 */
async function main(): Promise<number | null> {
  const { values: args } = parseArgs({
    options: { keep: { type: 'boolean', default: false }, events: { type: 'string', default: '200' } },
  });
  const eventCount = Number(args.events);
  if (!Number.isInteger(eventCount) || eventCount < 1) throw new Error('--events must be a positive number');

  const config = demoConfig();
  await reset(config);
  const webhooks = await startReceivers();
  const app = await createApp(config, false);
  await app.listen(config.port, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('127.0.0.1', 'localhost');
  console.log(`Hookpost ${baseUrl} · database and queue prefix "${config.queuePrefix}" (fresh)`);

  for (const webhook of webhooks) webhook.cuid = await createWebhook(baseUrl, config.adminToken, webhook);
  console.log(
    `Webhooks: ${webhooks.map((w) => `${w.receiver.name} (${w.type}) ← ${w.events.join(', ')}`).join('; ')}`,
  );
  console.log(`Publishing ${eventCount} events through the example upstream module…\n`);

  const started = Date.now();
  const display = new ProgressDisplay();
  let published = 0;
  let accepted = 0;
  const upstream = app.get(ExampleUpstreamService);
  const events = demoBurst(upstream, eventCount).map((event) => async () => {
    const { deliveries } = (await event()) as { deliveries: number };
    accepted += deliveries;
  });
  // The demo reads Hookpost's own tables, the source of truth, with a connection of its own.
  const db = new Pool({ connectionString: config.databaseUrl, max: 2 });
  const rows = () => receiverRows(db, webhooks);
  let live = true;
  const ticker = setInterval(() => {
    rows().then(
      // A read still in flight when the summary starts must not print over it.
      (current) => live && display.update({ published, events: eventCount, rows: current }),
      () => undefined, // the next tick tries again
    );
  }, 200);
  try {
    await publish(events, 16, () => published++);
    const settled = await waitUntilSettled(db);
    live = false;
    clearInterval(ticker);
    const final = await rows();
    display.update({ published, events: eventCount, rows: final });
    display.summary(final);
    const ok = settled && verdict(final, accepted);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const signatures = final.reduce((total, row) => total + (row.signatures?.verified ?? 0), 0);
    console.log(
      ok
        ? `Nothing lost: ${accepted} deliveries of ${eventCount} events in ${seconds} s; ${signatures} signatures verified.`
        : `Something went wrong: ${settled ? 'deliveries failed, went missing or were badly signed' : 'deliveries still pending after 60 s'}.`,
    );
    if (args.keep) {
      announce(baseUrl, config.adminToken);
      return null;
    }
    return ok ? 0 : 1;
  } finally {
    clearInterval(ticker);
    if (!args.keep) {
      await db.end();
      await app.close();
      await Promise.all(webhooks.map((webhook) => webhook.receiver.close()));
    }
  }
}

function demoConfig(): HookpostConfig {
  const name = process.env.HOOKPOST_DEMO_NAME ?? 'hookpost_demo';
  const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hookpost');
  databaseUrl.pathname = `/${name}`;
  return loadConfig({
    PORT: process.env.PORT ?? '0',
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: process.env.REDIS_URL,
    HOOKPOST_QUEUE_PREFIX: name,
    HOOKPOST_ADMIN_TOKEN: process.env.HOOKPOST_ADMIN_TOKEN ?? randomBytes(18).toString('base64url'),
    // The database is recreated every run, so a throwaway key loses nothing.
    HOOKPOST_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    HOOKPOST_SIGNING_KEY: randomBytes(32).toString('base64'),
    HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32',
    HOOKPOST_RETRY_SCHEDULE: '1s,2s,4s',
  });
}

/** Drops the previous run's database and queue keys. */
async function reset(config: HookpostConfig): Promise<void> {
  await dropDatabase(config.databaseUrl);
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${config.queuePrefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function startReceivers(): Promise<DemoWebhook[]> {
  const slackFails = everyNthFirstAttemptFails(8);
  const [http, slack, teams] = await Promise.all([
    DemoReceiver.start({
      name: 'http',
      path: '/hooks/hookpost',
      secret: HTTP_SECRET,
      answer: () => ({ status: 200, body: 'ok' }),
    }),
    // Slack answers "ok"; one message in eight meets a 500 first, to show the retries.
    DemoReceiver.start({
      name: 'slack',
      path: '/services/T0DEMO/B0DEMO/demo-token',
      answer: (_id, attempt) =>
        slackFails(attempt) ? { status: 500, body: 'internal_error' } : { status: 200, body: 'ok' },
    }),
    // Teams Workflows accept with 202 and an empty body.
    DemoReceiver.start({
      name: 'teams',
      path: '/workflows/demo/triggers/manual/run',
      answer: () => ({ status: 202, body: '' }),
    }),
  ]);
  return [
    {
      receiver: http,
      type: 'http',
      name: 'Demo: SIEM intake (signed)',
      events: ['ReportPublished', 'FindingPublished', 'AssessmentSubmitted', 'SchedulerEngagementSubmitted'],
      secret: HTTP_SECRET,
    },
    {
      receiver: slack,
      type: 'slack',
      name: 'Demo: #security-alerts',
      events: ['ReportPublished', 'FindingPublished'],
    },
    {
      receiver: teams,
      type: 'teams',
      name: 'Demo: SOC channel',
      events: ['ReportPublished', 'AssessmentSubmitted', 'SchedulerEngagementSubmitted'],
    },
  ];
}

/** Through the public API, as an administrator would; returns the webhook's cuid. */
async function createWebhook(baseUrl: string, token: string, webhook: DemoWebhook): Promise<string> {
  const response = await fetch(`${baseUrl}/api/internal/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: webhook.name,
      type: webhook.type,
      url: webhook.receiver.url,
      events: webhook.events,
      secret: webhook.secret,
    }),
  });
  const body = (await response.json()) as { cuid?: string; message?: unknown };
  if (response.status !== 201 || !body.cuid) {
    throw new Error(
      `Creating webhook "${webhook.name}" failed: ${response.status} ${JSON.stringify(body.message)}`,
    );
  }
  return body.cuid;
}

interface WebhookCounts {
  webhook_cuid: string;
  expected: number;
  failed: number;
  retried: number;
}

/** Hookpost's side from its own tables (PostgreSQL is the source of truth), the receivers' from theirs. */
async function receiverRows(db: Pool, webhooks: DemoWebhook[]): Promise<ReceiverRow[]> {
  const { rows: counts } = await db.query<WebhookCounts>(
    `select w.cuid as webhook_cuid,
              (select count(*) from delivery d where d.webhook_cuid = w.cuid)::int as expected,
              (select count(*) from delivery d where d.webhook_cuid = w.cuid and d.status = 'failed')::int as failed,
              (select count(*) from delivery_attempt a where a.webhook_cuid = w.cuid and a.will_retry)::int as retried
         from webhook w`,
  );
  return webhooks.map(({ receiver, type, cuid }) => {
    const row = counts.find((count) => count.webhook_cuid === cuid);
    return {
      receiver: receiver.name,
      type,
      expected: row?.expected ?? 0,
      delivered: receiver.stats.delivered,
      retried: row?.retried ?? 0,
      failed: row?.failed ?? 0,
      signatures: receiver.verifiesSignatures
        ? { verified: receiver.stats.signaturesVerified, failed: receiver.stats.signaturesFailed }
        : null,
    };
  });
}

/** Resolves true once no delivery is pending, false after SETTLE_TIMEOUT_MS. */
async function waitUntilSettled(db: Pool): Promise<boolean> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const {
      rows: [{ pending }],
    } = await db.query<{ pending: number }>(
      `select count(*)::int as pending from delivery where status = 'pending'`,
    );
    if (pending === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Every delivery Hookpost accepted reached its receiver, none failed, every signature verified. */
function verdict(rows: ReceiverRow[], accepted: number): boolean {
  const expected = rows.reduce((total, row) => total + row.expected, 0);
  return (
    expected === accepted &&
    rows.every(
      (row) =>
        row.expected > 0 && row.delivered === row.expected && row.failed === 0 && !row.signatures?.failed,
    )
  );
}

function announce(baseUrl: string, token: string): void {
  console.log(`
Hookpost keeps running (--keep); Ctrl+C stops it.
  Console      ${baseUrl}/admin
  Admin token  ${token}
  Queue board  ${baseUrl}/admin/queues (any user name, the token as password)
  Metrics      curl -H "Authorization: Bearer ${token}" ${baseUrl}/metrics
  API docs     ${baseUrl}/docs`);
}

main().then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
