import { DeliveryRepository } from '@hookpost/core/persistence/delivery.repository';
import { SqlPool } from '@hookpost/core/persistence/sql-pool';
import { DeliveryQueue } from '@hookpost/core/pipeline/3-dispatch/delivery-queue';
import { eventually, Receiver } from './support/receiver';
import { ServerProcess } from './support/server-process';
import { startTestApp, TestApp, workerEnv } from './support/test-app';

/** DESIGN §12, delivery control: ordering per target, flow control, operational events, filters. */
describe('Delivery control', () => {
  let t: TestApp;
  let scope = 0;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms,300ms' });
  });
  afterAll(() => t.close());

  /** A webhook of its own client scope, so other tests' events never reach it. */
  async function webhook(receiver: Receiver, fields: Record<string, unknown> = {}) {
    const clientCuid = `control-${++scope}`;
    const body = {
      name: `w${scope}`,
      url: receiver.url,
      events: ['FindingPublished'],
      clientCuids: [clientCuid],
    };
    const res = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ ...body, ...fields })
      .expect(201);
    return { cuid: res.body.cuid as string, clientCuid, body: res.body };
  }

  const emit = (body: Record<string, unknown>) =>
    t
      .api()
      .post('/api/internal/events')
      .send({ event: 'FindingPublished', ...body })
      .expect(202);

  describe('ordering per target', () => {
    it('delivers each target’s events one at a time in intake order, retries included, and slows no one else', async () => {
      const payload = (body: string) =>
        JSON.parse(body) as { targetCuid: string; text: string; cuid: string };
      // The first attempt of every fifth event of a target fails: its target waits while it retries.
      const ordered = await Receiver.start((request) => {
        const seen = ordered.requests.filter((r) => payload(r.body).cuid === payload(request.body).cuid);
        const index = Number(payload(request.body).text) % 100;
        return index % 5 === 0 && seen.length === 1 ? { status: 500 } : { status: 200 };
      });
      const unordered = await Receiver.start();
      try {
        const clientCuid = `control-${++scope}`;
        const fields = {
          events: ['FindingPublished'],
          clientCuids: [clientCuid],
          message: '{{finding.title}}',
        };
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: 'ordered', url: ordered.url, ordering: 'target', ...fields })
          .expect(201);
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: 'free', url: unordered.url, ...fields })
          .expect(201);

        // Ten targets at once; each target's twenty events one after another, so their intake order is known.
        const started = Date.now();
        await Promise.all(
          Array.from({ length: 10 }, async (_, target) => {
            for (let i = 0; i < 20; i++) {
              const title = String(target * 100 + i);
              await emit({ clientCuid, targetCuid: `target-${target}`, context: { finding: { title } } });
            }
          }),
        );
        await unordered.waitFor(200, 30_000);
        const unorderedDone = Date.now() - started;
        await eventually(
          async () => new Set(ordered.requests.map((r) => payload(r.body).cuid)).size === 200,
          60_000,
        );
        const orderedDone = Date.now() - started;

        for (let target = 0; target < 10; target++) {
          const arrived = ordered.requests
            .map((r) => payload(r.body))
            .filter((p) => p.targetCuid === `target-${target}`)
            .map((p) => Number(p.text));
          // A retried one arrives twice in a row (failed, then delivered) before the next is sent.
          const deduplicated = arrived.filter((value, index) => arrived[index - 1] !== value);
          expect(deduplicated).toEqual(Array.from({ length: 20 }, (_, i) => target * 100 + i));
          expect(arrived.length - deduplicated.length).toBe(4); // the events whose first attempt failed
        }
        // The unordered webhook on the same events is not held back by the ordered one's retries.
        expect(unorderedDone).toBeLessThan(orderedDone);
      } finally {
        await ordered.close();
        await unordered.close();
      }
    }, 90_000);

    it('gives a target its next turn in the process that settled the last, with no queue round trip', async () => {
      const receiver = await Receiver.start();
      const queue = t.app.get(DeliveryQueue, { strict: false }).queue;
      await queue.pause(true); // this process takes no jobs: a turn handed to the queue would wait
      try {
        const { clientCuid } = await webhook(receiver, { ordering: 'target', message: '{{finding.title}}' });
        for (const title of ['1', '2', '3', '4', '5'])
          await emit({ clientCuid, targetCuid: 'line', context: { finding: { title } } });
        await eventually(async () => receiver.requests.length === 5);
        expect(receiver.requests.map((r) => JSON.parse(r.body).text)).toEqual(['1', '2', '3', '4', '5']);
      } finally {
        await queue.resume(true);
        await receiver.close();
      }
    });

    it('claims a turn in the statement that gives it: no delivery of a line takes a claim of its own', async () => {
      // Slow answers: the later events of a line wait for their turn, given as the one ahead settles.
      const receiver = await Receiver.start(() => ({ status: 200, delayMs: 150 }));
      const prepared = jest.spyOn(t.app.get(SqlPool, { strict: false }), 'prepared'); // calls through
      try {
        const { cuid, clientCuid } = await webhook(receiver, {
          ordering: 'target',
          message: '{{finding.title}}',
        });
        // Each line's first turn is given at intake, the later ones as the delivery ahead settles.
        for (const title of ['a1', 'b1', 'a2', 'a3', 'b2', 'c1'])
          await emit({ clientCuid, targetCuid: title[0], context: { finding: { title } } });
        await eventually(async () => receiver.requests.length === 6);
        const texts = receiver.requests.map((r) => JSON.parse(r.body).text as string);
        for (const line of ['a', 'b']) {
          const sent = texts.filter((text) => text.startsWith(line));
          expect(sent).toEqual([...sent].sort());
        }
        const listed = (await t.api().get(`/api/internal/deliveries?webhookCuid=${cuid}`).expect(200)).body
          .items as { cuid: string }[];
        expect(listed).toHaveLength(6);
        const claimed = prepared.mock.calls
          .filter(([name]) => name === 'delivery-claim')
          .flatMap(([, , params]) => params[0] as string[]);
        expect(claimed.filter((claim) => listed.some((delivery) => delivery.cuid === claim))).toEqual([]);
        expect(
          prepared.mock.calls.filter(([name]) => name === 'promote-turns').length,
        ).toBeGreaterThanOrEqual(6);
      } finally {
        prepared.mockRestore();
        await receiver.close();
      }
    });

    it('holds a target behind a delivery that keeps failing until it fails for good, then releases the next', async () => {
      const receiver = await Receiver.start((request) =>
        JSON.parse(request.body).text === 'first' ? { status: 500 } : { status: 200 },
      );
      try {
        const { cuid, clientCuid } = await webhook(receiver, {
          ordering: 'target',
          message: '{{finding.title}}',
        });
        await emit({ clientCuid, targetCuid: 'same', context: { finding: { title: 'first' } } });
        await emit({ clientCuid, targetCuid: 'same', context: { finding: { title: 'second' } } });
        await emit({ clientCuid, targetCuid: 'other', context: { finding: { title: 'other' } } });
        const texts = () => receiver.requests.map((r) => JSON.parse(r.body).text as string);
        await eventually(async () => texts().includes('other'));
        expect(texts()).not.toContain('second'); // waiting behind "first", which is retrying
        // The deliveries API shows it: "first" retrying, "second" waiting behind it.
        const listed = (await t.api().get(`/api/internal/deliveries?webhookCuid=${cuid}`).expect(200)).body
          .items;
        const first = listed.find(
          (item: { targetCuid: string; waitingBehind: string | null }) =>
            item.targetCuid === 'same' && !item.waitingBehind,
        );
        const second = listed.find((item: { waitingBehind: string | null }) => item.waitingBehind);
        expect(first).toMatchObject({ status: 'retrying' });
        expect(second).toMatchObject({ status: 'pending', waitingBehind: first.cuid, attempts: [] });
        await eventually(async () => texts().includes('second'), 15_000);
        expect(texts().filter((text) => text === 'first')).toHaveLength(6); // 1 + 5 retries, then failed
        expect(texts().indexOf('second')).toBe(texts().length - 1);
        // "other" and "second" succeeded; read until the last of them is recorded (it is received first).
        await eventually(async () => {
          const logs = (await t.api().get(`/api/internal/webhooks/${cuid}/logs`).expect(200)).body.items;
          return logs.filter((item: { status: string }) => item.status === 'succeeded').length === 2;
        });
      } finally {
        await receiver.close();
      }
    }, 30_000);
  });

  describe('flow control', () => {
    it('keeps a webhook to 20 requests a second across two worker processes, while another runs at full speed', async () => {
      const limited = await Receiver.start();
      const free = await Receiver.start();
      const api = await startTestApp({ HOOKPOST_ROLE: 'api' });
      const workers: ServerProcess[] = [];
      try {
        const body = (url: string, extra = {}) => ({
          name: 'r',
          url,
          events: ['FindingPublished'],
          clientCuids: ['rate'],
          ...extra,
        });
        await api
          .api()
          .post('/api/internal/webhooks')
          .send(body(limited.url, { rateLimit: 20 }))
          .expect(201);
        await api.api().post('/api/internal/webhooks').send(body(free.url)).expect(201);
        for (let i = 0; i < 60; i++) {
          await api
            .api()
            .post('/api/internal/events')
            .send({ event: 'FindingPublished', clientCuid: 'rate', targetCuid: `f${i}` })
            .expect(202);
        }
        // The workers start once all 120 deliveries wait, so neither intake's pace nor its load on this
        // process (where the receivers time requests) shapes what they send.
        workers.push(...(await Promise.all([1, 2].map(() => ServerProcess.start(workerEnv(api.config))))));
        const started = Date.now();
        await free.waitFor(60, 15_000);
        const freeDone = Date.now() - started;
        const arrivals = (await limited.waitFor(60, 30_000)).map((r) => r.at);
        // A backlog of 60, paced: no one-second window at the receiver holds more than 20 (+10 % for the
        // ms between a start the gate dates and its arrival), and the 60 took about three seconds.
        for (const at of arrivals) {
          expect(arrivals.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(22);
        }
        expect(arrivals[59] - arrivals[0]).toBeGreaterThan(2500);
        expect(freeDone).toBeLessThan(arrivals[59] - started);
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
        await api.close();
        await limited.close();
        await free.close();
      }
    }, 60_000);

    it('waits out a backlog’s rate slots in the process: each delivery deferred through PostgreSQL at most once', async () => {
      const limited = await Receiver.start();
      const defer = jest.spyOn(t.app.get(DeliveryRepository, { strict: false }), 'defer');
      try {
        const { clientCuid } = await webhook(limited, { rateLimit: 15 });
        await Promise.all(Array.from({ length: 45 }, (_, i) => emit({ clientCuid, targetCuid: `r${i}` })));
        const arrivals = (await limited.waitFor(45, 20_000)).map((r) => r.at);
        for (const at of arrivals) {
          expect(arrivals.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(17);
        }
        // Each got its slot once (a deferral to it, unless it was within a second); when its slot's
        // second was still full on its return, it waited here, not through another deferral.
        const deferred = defer.mock.calls.map(([cuid]) => cuid);
        expect(deferred.length).toBeGreaterThan(20);
        expect(new Set(deferred).size).toBe(deferred.length);
      } finally {
        defer.mockRestore();
        await limited.close();
      }
    }, 30_000);

    it('pauses only the endpoint that answered 429, for its Retry-After', async () => {
      let throttled = 0;
      const limited = await Receiver.start(() =>
        throttled++ === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 },
      );
      const healthy = await Receiver.start();
      try {
        const a = await webhook(limited);
        const b = await webhook(healthy);
        await emit({ clientCuid: a.clientCuid, targetCuid: 'first' });
        await limited.waitFor(1);
        const throttledAt = limited.requests[0].at;
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (let i = 0; i < 4; i++) {
          await emit({ clientCuid: a.clientCuid, targetCuid: `a${i}` });
          await emit({ clientCuid: b.clientCuid, targetCuid: `b${i}` });
        }
        await healthy.waitFor(4);
        const [, ...after] = await limited.waitFor(6, 15_000);
        // Nothing reached the throttled endpoint before its Retry-After ran out; the other one did not wait.
        const resumedAt = Math.min(...after.map((r) => r.at));
        expect(resumedAt - throttledAt).toBeGreaterThanOrEqual(1900);
        expect(Math.max(...healthy.requests.map((r) => r.at))).toBeLessThan(resumedAt);
        // The 429, its retry and four first attempts, all succeeded in the end: waiting spent no attempt.
        const logs = await eventually(async () => {
          const items = (await t.api().get(`/api/internal/webhooks/${a.cuid}/logs`).expect(200)).body.items;
          return items.length === 6 && items;
        });
        expect(logs.filter((item: { status: string }) => item.status === 'succeeded')).toHaveLength(5);
      } finally {
        await limited.close();
        await healthy.close();
      }
    }, 30_000);
  });

  describe('payload filters', () => {
    it('delivers only the events the filter matches', async () => {
      const receiver = await Receiver.start();
      try {
        const filter = { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] };
        const { clientCuid, body } = await webhook(receiver, { filter, message: '{{finding.severity}}' });
        expect(body.filter).toEqual(filter);
        for (const severity of ['Critical', 'Low', 'High', 'Medium', 'critical']) {
          const res = await emit({ clientCuid, targetCuid: 'f', context: { finding: { severity } } });
          expect(res.body.deliveries).toBe(['Critical', 'High', 'critical'].includes(severity) ? 1 : 0);
        }
        await receiver.waitFor(3);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(receiver.requests.map((r) => JSON.parse(r.body).text).sort()).toEqual([
          'Critical',
          'High',
          'critical',
        ]);
      } finally {
        await receiver.close();
      }
    });

    it('refuses a bad filter at save, naming the path and operator', async () => {
      const receiver = await Receiver.start();
      try {
        const bad = {
          name: 'bad filter',
          url: receiver.url,
          events: ['FindingPublished'],
          filter: {
            all: [
              { field: 'context.finding.sevrity.x', op: 'eq', value: 'High' },
              { field: 'status', op: 'like', value: 'x' },
            ],
          },
        };
        const res = await t.api().post('/api/internal/webhooks').send(bad).expect(400);
        expect(res.body.message).toEqual([
          expect.stringMatching(/^filter\.all\[0\]\.field "context\.finding\.sevrity\.x" is not a field/),
          'filter.all[1].op "like" must be one of: eq, ne, in, contains, exists, gte, lte',
        ]);
        const { cuid } = await webhook(receiver);
        await t
          .api()
          .patch(`/api/internal/webhooks/${cuid}`)
          .send({ filter: { not: 'x' } })
          .expect(400);
        await t
          .api()
          .patch(`/api/internal/webhooks/${cuid}`)
          .send({ filter: [1] })
          .expect(400);
        const cleared = await t
          .api()
          .patch(`/api/internal/webhooks/${cuid}`)
          .send({ filter: null })
          .expect(200);
        expect(cleared.body.filter).toBeNull();
      } finally {
        await receiver.close();
      }
    });
  });
});
