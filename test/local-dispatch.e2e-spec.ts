import { DeliveryQueue } from '@hookpost/core/pipeline/3-dispatch/delivery-queue';
import { WorkerSlots } from '@hookpost/core/pipeline/3-dispatch/worker-slots';
import { OutboxRepository } from '@hookpost/core/persistence/outbox.repository';
import { Receiver } from './support/receiver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Fresh deliveries are attempted by the worker process that stored them, right after the commit, as
 * many as its line has room for (HOOKPOST_WORKER_CONCURRENCY × 5); the rest of a large fan-out goes
 * to the queue, for any worker.
 */
describe('Local dispatch of fresh deliveries', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_WORKER_CONCURRENCY: '2' });
  });
  afterAll(() => t.close());

  it('attempts as many of a fan-out here as its line has room for, and queues only the rest', async () => {
    const receiver = await Receiver.start();
    const queue = t.app.get(DeliveryQueue, { strict: false }).queue;
    try {
      for (let i = 0; i < 14; i++) {
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: `fan ${i}`, url: receiver.url, events: ['FindingPublished'], clientCuids: ['fan'] })
          .expect(201);
      }
      await queue.pause(true); // this process takes no jobs: only what it holds goes out
      await t
        .api()
        .post('/api/internal/events')
        .send({ event: 'FindingPublished', clientCuid: 'fan', targetCuid: 'f1' })
        .expect(202);
      await receiver.waitFor(10);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.requests).toHaveLength(10); // 2 slots and a line of 4 each
      expect(await queue.getWaitingCount()).toBe(4);
      await queue.resume(true);
      await receiver.waitFor(14);
      const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
      expect(ids.size).toBe(14);
    } finally {
      await queue.resume(true);
      await receiver.close();
    }
  });
});

/**
 * A delivery in a line whose lease ran out can be asked for twice at once: by the line, and by the
 * queue job the reconciler made for it. The claim that meets both attempts it once.
 */
describe('Claiming a delivery asked for twice', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_WORKER_CONCURRENCY: '2' });
  });
  afterAll(() => t.close());

  it('attempts it once when both requests meet in one claim', async () => {
    const receiver = await Receiver.start();
    try {
      const { cuid: webhookCuid } = (
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: 'twice', url: receiver.url, events: ['FindingPublished'] })
          .expect(201)
      ).body;
      const occurredAt = new Date();
      const deliveryCuid = 'claimed-twice';
      await t.app.get(OutboxRepository, { strict: false }).insert([
        {
          cuid: 'claimed-twice-event',
          event: 'FindingPublished',
          facts: { actorCuid: 'system', targetType: 'finding', targetCuid: 'f1', context: {} },
          idempotencyKey: null,
          occurredAt,
          traceParent: null,
          // Due now and held by no one, as a delivery is once its holder's lease has run out.
          deliveries: [{ cuid: deliveryCuid, webhookCuid, nextAttemptAt: occurredAt, orderKey: null }],
        },
      ]);
      const slots = t.app.get(WorkerSlots, { strict: false });
      const request = { cuid: deliveryCuid, webhookCuid, rateReserved: false, waits: 0 };
      await Promise.all([slots.attempt(request), slots.attempt({ ...request })]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.requests).toHaveLength(1);
      const logs = await t.api().get(`/api/internal/webhooks/${webhookCuid}/logs`).expect(200);
      expect(logs.body.items).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
