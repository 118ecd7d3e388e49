import Redis from 'ioredis';
import { Client } from 'pg';
import { OwnPostgres } from '../support/own-postgres';
import { OwnRedis } from '../support/own-redis';
import { eventually, Receiver } from '../support/receiver';
import { ServerProcess } from '../support/server-process';
import { startTestApp, workerEnv, TestApp, TestServers } from '../support/test-app';

/**
 * Faults that hit the servers themselves (Redis FLUSHALL, a PostgreSQL restart) or need separate
 * worker processes. Every app and worker here runs on a PostgreSQL and a Redis started for this file
 * alone, so the machine's servers are never flushed or restarted. This project runs on its own, after
 * the others, inside the host guard that checks exactly that (see package.json "test").
 */
const SCHEDULE = '2s,2s,2s,2s,2s';

let postgres: OwnPostgres;
let redis: OwnRedis;
const servers = (): TestServers => ({
  postgresUrl: (database) => postgres.url(database),
  redisUrl: redis.url,
});

beforeAll(async () => {
  // Assigned one by one, so a server that did start is removed even if the other one failed.
  await Promise.all([
    OwnPostgres.create().then((server) => (postgres = server)),
    OwnRedis.start().then((server) => (redis = server)),
  ]);
});
afterAll(async () => {
  await Promise.all([postgres?.remove(), redis?.remove()]);
});

describe('Delivery under faults, with the API and workers in separate processes', () => {
  let api: TestApp;
  let receiver: Receiver;
  let workers: ServerProcess[] = [];

  beforeAll(async () => {
    api = await startTestApp({ HOOKPOST_ROLE: 'api', HOOKPOST_RETRY_SCHEDULE: SCHEDULE }, servers());
    receiver = await Receiver.start();
  });
  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    workers = [];
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  const startWorkers = async (count: number) => {
    const started = await Promise.all(
      Array.from({ length: count }, () => ServerProcess.start(workerEnv(api.config))),
    );
    workers.push(...started);
    return started;
  };

  async function webhook(event: string, url = receiver.url): Promise<string> {
    const body = { name: event, url, events: [event] };
    return (await api.api().post('/api/internal/webhooks').send(body).expect(201)).body.cuid;
  }

  const emit = (event: string) =>
    api.api().post('/api/internal/events').send({ event, clientCuid: 'c', targetCuid: 'r1' });
  const payloadCuids = (requests: { body: string }[]) =>
    requests.map((r) => JSON.parse(r.body).cuid as string);

  async function deliveryStatuses(): Promise<Record<string, number>> {
    const db = new Client({ connectionString: api.config.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ status: string; n: string }>(
        'select status, count(*) as n from delivery group by status',
      );
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    } finally {
      await db.end();
    }
  }

  it('delivers each job once with two worker processes', async () => {
    await startWorkers(2);
    const start = receiver.requests.length;
    await webhook('ReportPublished');
    for (let i = 0; i < 100; i++) await emit('ReportPublished').expect(202);
    const requests = (await receiver.waitFor(start + 100, 30_000)).slice(start);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.requests.length - start).toBe(100);
    expect(new Set(payloadCuids(requests)).size).toBe(100);
  });

  it('delivers what a worker was attempting when it was killed with SIGKILL', async () => {
    const [first] = await startWorkers(1);
    const hanging = await Receiver.start((_r, index) => (index === 0 ? 'hang' : { status: 200 }));
    try {
      await webhook('AssessmentSubmitted', hanging.url);
      await emit('AssessmentSubmitted').expect(202);
      await hanging.waitFor(1);
      await first.kill();
      await startWorkers(1);
      const [killed, retried] = await hanging.waitFor(2, 45_000);
      expect(JSON.parse(retried.body).cuid).toBe(JSON.parse(killed.body).cuid);
      await eventually(async () => (await deliveryStatuses()).pending === undefined, 20_000);
    } finally {
      await hanging.close();
    }
  });

  it('delivers a retry that Redis lost in a FLUSHALL between attempts', async () => {
    await startWorkers(1);
    const flaky = await Receiver.start((_r, index) => (index === 0 ? { status: 500 } : { status: 200 }));
    expect(api.config.redisUrl).toBe(redis.url); // FLUSHALL only ever hits this file's own Redis
    const client = new Redis(api.config.redisUrl);
    try {
      await webhook('SchedulerEngagementSubmitted', flaky.url);
      await emit('SchedulerEngagementSubmitted').expect(202);
      await flaky.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the retry is now a delayed job in Redis
      expect(await client.keys(`${api.config.queuePrefix}:*`)).not.toHaveLength(0);
      await client.flushall();
      const [failed, recovered] = await flaky.waitFor(2, 30_000);
      expect(JSON.parse(recovered.body).cuid).toBe(JSON.parse(failed.body).cuid);
      expect(recovered.headers['x-hookpost-attempt']).toBe('2');
    } finally {
      client.disconnect();
      await flaky.close();
    }
  });

  it('answers 503 while PostgreSQL is down and delivers every event it accepted', async () => {
    await startWorkers(1);
    const own = await Receiver.start();
    try {
      await webhook('FindingPublished', own.url);
      const statuses: number[] = [];
      const accepted: string[] = [];
      const flow = (async () => {
        for (let i = 0; i < 150; i++) {
          const res = await emit('FindingPublished').timeout(10_000);
          statuses.push(res.status);
          if (res.status === 202) accepted.push(res.body.cuid);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await postgres.stop();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await postgres.start();
      await flow;
      expect(statuses.filter((s) => s !== 202 && s !== 503)).toEqual([]);
      expect(statuses).toContain(503);
      expect(accepted.length).toBeGreaterThan(50);
      await own.waitFor(accepted.length, 60_000);
      await eventually(async () => (await deliveryStatuses()).pending === undefined, 60_000);
      expect(new Set(payloadCuids(own.requests)).size).toBe(accepted.length);
    } finally {
      await own.close();
    }
  });
});

describe('Connect-time SSRF check', () => {
  it('refuses a hostname that resolves to a blocked address, without retrying', async () => {
    const receiver = await Receiver.start();
    let app = await startTestApp({ HOOKPOST_ALLOW_CIDRS: '127.0.0.1/32,::1/128' }, servers());
    try {
      const url = `${receiver.url.replace('127.0.0.1', 'localhost')}/hook`;
      const body = { name: 'by name', url, events: ['ReportPublished'] };
      const { cuid } = (await app.api().post('/api/internal/webhooks').send(body).expect(201)).body;
      const { databaseUrl, queuePrefix } = app.config;
      await app.close({ keepData: true });
      app = await startTestApp(
        { DATABASE_URL: databaseUrl, HOOKPOST_QUEUE_PREFIX: queuePrefix, HOOKPOST_ALLOW_CIDRS: '' },
        servers(),
      );
      await app
        .api()
        .post('/api/internal/events')
        .send({ event: 'ReportPublished', targetCuid: 'r1' })
        .expect(202);
      const entry = await eventually(async () => {
        const page = (await app.api().get(`/api/internal/webhooks/${cuid}/logs`).expect(200)).body;
        return page.items[0];
      });
      expect(entry).toMatchObject({
        status: 'failed',
        errorCode: 'BLOCKED_ADDRESS',
        willRetry: false,
        statusCode: null,
      });
      expect(entry.error).toMatch(/^Failed to call webhook: blocked address/);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await app.close();
      await receiver.close();
    }
  });
});
