import { DeliveryQueue } from '@hookpost/core/pipeline/3-dispatch/delivery-queue';
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
