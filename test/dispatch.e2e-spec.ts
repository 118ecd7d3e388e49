import { eventually, Receiver } from './support/receiver';
import { ServerProcess } from './support/server-process';
import {
  cleanUp,
  serverProcessEnv,
  startTestApp,
  TEST_TOKEN,
  TestApp,
  uniqueNames,
} from './support/test-app';

/** Stage 3 seen from outside: slots, the slow lane and the one clock in PostgreSQL. */
describe('Dispatch', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      HOOKPOST_WORKER_CONCURRENCY: '10', // a slow endpoint may hold one slot
      HOOKPOST_DELIVERY_TIMEOUT_MS: '1500',
      HOOKPOST_RETRY_SCHEDULE: '200ms,200ms,200ms,200ms,200ms',
    });
  });
  afterAll(() => t.close());

  it('shrinks an endpoint that times out, its deliveries waiting without spending attempts', async () => {
    // First attempts hang past the timeout, later ones take 1.1 s: the endpoint stays slow throughout.
    const seen = new Set<string>();
    const slow = await Receiver.start((request) => {
      const cuid = JSON.parse(request.body).cuid as string;
      if (seen.has(cuid)) return { status: 200, delayMs: 1100 };
      seen.add(cuid);
      return 'hang';
    });
    try {
      const { cuid: webhook } = (
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: 'slow', url: slow.url, events: ['ReportPublished'], clientCuids: ['slow'] })
          .expect(201)
      ).body;
      for (let i = 0; i < 4; i++) {
        await t
          .api()
          .post('/api/internal/events')
          .send({ event: 'ReportPublished', clientCuid: 'slow', targetCuid: `r${i}` })
          .expect(202);
      }
      const settled = await eventually(async () => {
        const states = await t.sql<{ status: string; attempts: number }>(
          'select status, attempts from delivery where webhook_cuid = $1',
          [webhook],
        );
        return states.length === 4 && states.every((s) => s.status === 'succeeded') && states;
      }, 30_000);
      // One timed-out attempt and one success each: waiting for the slot spent no attempt.
      expect(settled.map((s) => s.attempts)).toEqual([2, 2, 2, 2]);
      expect(slow.requests.map((r) => r.headers['x-hookpost-attempt']).sort()).toEqual([
        '1',
        '1',
        '1',
        '1',
        '2',
        '2',
        '2',
        '2',
      ]);
      // Four timeouts shrank the endpoint to one attempt in flight: the retries, due together, waited
      // (deferred) while the first took 1.1 s; its success then let the limit grow again.
      const retries = slow.requests.filter((r) => r.headers['x-hookpost-attempt'] === '2').map((r) => r.at);
      expect(retries[1] - retries[0]).toBeGreaterThan(900);
    } finally {
      await slow.close();
    }
  });

  it('keeps each delivery’s next attempt time in PostgreSQL, the one clock', async () => {
    const failing = await Receiver.start(() => ({ status: 500 }));
    try {
      const { cuid: webhook } = (
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: 'failing', url: failing.url, events: ['ReportPublished'], clientCuids: ['clock'] })
          .expect(201)
      ).body;
      const before = Date.now();
      await t
        .api()
        .post('/api/internal/events')
        .send({ event: 'ReportPublished', clientCuid: 'clock', targetCuid: 'r1' })
        .expect(202);
      const [retrying] = await eventually(async () => {
        const states = await t.sql<{ attempts: number; next_attempt_at: Date; status: string }>(
          'select attempts, next_attempt_at, status from delivery where webhook_cuid = $1',
          [webhook],
        );
        return states[0]?.attempts === 1 && states;
      });
      expect(retrying.status).toBe('pending');
      // 200 ms ± 20 % after the attempt: what the queue's delayed job waits for, too.
      expect(retrying.next_attempt_at.getTime() - before).toBeGreaterThanOrEqual(160);
      expect(retrying.next_attempt_at.getTime() - before).toBeLessThan(3000);
    } finally {
      await failing.close();
    }
  });
});

describe('HOOKPOST_PROCESSES', () => {
  it('serves one port from several processes, and stops them all on SIGTERM', async () => {
    const names = uniqueNames();
    const receiver = await Receiver.start();
    const server = await ServerProcess.start({
      ...serverProcessEnv(names),
      HOOKPOST_PROCESSES: '2',
    });
    try {
      await eventually(async () => (server.output.match(/Listening on/g) ?? []).length === 2, 60_000);
      expect(server.output).toContain('process 1 of 2');
      expect(server.output).toContain('process 2 of 2');
      const post = (path: string, body: object) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect(
        (await post('/api/internal/webhooks', { name: 'r', url: receiver.url, events: ['ReportPublished'] }))
          .status,
      ).toBe(201);
      for (let i = 0; i < 20; i++) {
        expect(
          (await post('/api/internal/events', { event: 'ReportPublished', targetCuid: `r${i}` })).status,
        ).toBe(202);
      }
      await receiver.waitFor(20);
    } finally {
      await server.stop();
      await receiver.close();
      await cleanUp(names);
    }
  });
});

describe('Webhook news between processes', () => {
  it('stops another process matching a webhook disabled here, well within its cache period', async () => {
    const receiver = await Receiver.start();
    const a = await startTestApp();
    const b = await startTestApp({
      DATABASE_URL: a.config.databaseUrl,
      HOOKPOST_QUEUE_PREFIX: a.config.queuePrefix,
    });
    try {
      const body = { name: 'shared', url: receiver.url, events: ['ReportPublished'], clientCuids: ['news'] };
      const { cuid } = (await a.api().post('/api/internal/webhooks').send(body).expect(201)).body;
      const emit = () =>
        b
          .api()
          .post('/api/internal/events')
          .send({ event: 'ReportPublished', clientCuid: 'news', targetCuid: 'r' });
      expect((await emit().expect(202)).body.deliveries).toBe(1); // b's subscriber cache now holds it
      await a.api().patch(`/api/internal/webhooks/${cuid}`).send({ enabled: false }).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await emit().expect(202)).body.deliveries).toBe(0);
    } finally {
      await b.close({ keepData: true });
      await a.close();
      await receiver.close();
    }
  });
});
