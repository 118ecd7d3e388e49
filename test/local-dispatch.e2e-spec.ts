import { DeliveryQueue } from '@hookpost/core/pipeline/3-dispatch/delivery-queue';
import { WorkerSlots } from '@hookpost/core/pipeline/3-dispatch/worker-slots';
import { DeliveryRepository } from '@hookpost/core/persistence/delivery.repository';
import { OutboxRepository } from '@hookpost/core/persistence/outbox.repository';
import { eventually, Receiver } from './support/receiver';
import { cleanUp, startTestApp, type TestApp } from './support/test-app';

/** `count` webhooks on `url`, each subscribed to FindingPublished for `clientCuid`. */
async function subscribe(t: TestApp, url: string, clientCuid: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: `${clientCuid} ${i}`, url, events: ['FindingPublished'], clientCuids: [clientCuid] })
      .expect(201);
  }
}

/** One FindingPublished for `clientCuid`: a delivery to each of its webhooks. */
async function emit(t: TestApp, clientCuid: string): Promise<void> {
  await t
    .api()
    .post('/api/internal/events')
    .send({ event: 'FindingPublished', clientCuid, targetCuid: 'f1' })
    .expect(202);
}

/**
 * Fresh deliveries are attempted by the worker process that stored them, right after the commit, as
 * many as its line has room for (HOOKPOST_WORKER_CONCURRENCY × 21); the rest of a large fan-out goes
 * to the queue, for any worker.
 */
describe('Local dispatch of fresh deliveries', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_WORKER_CONCURRENCY: '1' });
  });
  afterAll(() => t.close());

  it('attempts as many of a fan-out here as its line has room for, and queues only the rest', async () => {
    const receiver = await Receiver.start();
    const queue = t.app.get(DeliveryQueue, { strict: false }).queue;
    try {
      await subscribe(t, receiver.url, 'fan', 24);
      await queue.pause(true); // this process takes no jobs: only what it holds goes out
      await emit(t, 'fan');
      await receiver.waitFor(21);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.requests).toHaveLength(21); // 1 slot and a line of 20
      expect(await queue.getWaitingCount()).toBe(3);
      await queue.resume(true);
      await receiver.waitFor(24);
      const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
      expect(ids.size).toBe(24);
    } finally {
      await queue.resume(true);
      await receiver.close();
    }
  });
});

/**
 * A delivery far back in a line may find its lease run short, or run out, before its slot comes: then
 * it is claimed again when the slot comes (renewing the lease if it is still this process's), and it
 * can be asked for twice at once, by the line and by the queue job the reconciler made for it.
 */
describe('Claiming deliveries from a line', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhookCuid: string;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_WORKER_CONCURRENCY: '2' });
    receiver = await Receiver.start();
    webhookCuid = (
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({ name: 'line', url: receiver.url, events: ['FindingPublished'] })
        .expect(201)
    ).body.cuid;
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  beforeEach(() => receiver.requests.splice(0));

  /** A delivery due now and held by no one, as one is once its holder's lease has run out. */
  async function dueDelivery(cuid: string): Promise<void> {
    const occurredAt = new Date();
    await t.app.get(OutboxRepository, { strict: false }).insert([
      {
        cuid: `${cuid}-event`,
        event: 'FindingPublished',
        facts: { actorCuid: 'system', targetType: 'finding', targetCuid: 'f1', context: {} },
        idempotencyKey: null,
        occurredAt,
        traceParent: null,
        deliveries: [{ cuid, webhookCuid, nextAttemptAt: occurredAt, orderKey: null }],
      },
    ]);
  }

  /** The delivery, held by this process for one more second: too short a lease to attempt it on. */
  async function heldBriefly(cuid: string) {
    await dueDelivery(cuid);
    const now = new Date();
    const heldUntil = new Date(now.getTime() + 1000);
    const deliveries = t.app.get(DeliveryRepository, { strict: false });
    const [claimed] = await deliveries.claim([{ cuid, heldUntil: null }], now, heldUntil);
    return Object.assign(claimed, { heldUntil });
  }

  const stateOf = async (cuid: string) =>
    (
      await t.sql<{ status: string; next_attempt_at: Date | null }>(
        'select status, next_attempt_at from delivery where cuid = $1',
        [cuid],
      )
    )[0];

  it('attempts one whose lease ran short, renewing it first', async () => {
    const held = await heldBriefly('renewed');
    await t.app.get(WorkerSlots, { strict: false }).attempt({ held });
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual(['renewed']);
    expect(await stateOf('renewed')).toEqual({ status: 'succeeded', next_attempt_at: null });
  });

  it('leaves one that another worker took once its lease ran out', async () => {
    const held = await heldBriefly('taken');
    const otherLease = new Date(Date.now() + 60_000);
    await t.sql('update delivery set next_attempt_at = $2 where cuid = $1', ['taken', otherLease]);
    await t.app.get(WorkerSlots, { strict: false }).attempt({ held });
    expect(receiver.requests).toHaveLength(0);
    expect(await stateOf('taken')).toEqual({ status: 'pending', next_attempt_at: otherLease });
  });

  it('attempts one asked for twice in one claim once', async () => {
    await dueDelivery('twice');
    const slots = t.app.get(WorkerSlots, { strict: false });
    const request = { cuid: 'twice', webhookCuid, rateReserved: false, waits: 0 };
    await Promise.all([slots.attempt(request), slots.attempt({ ...request })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    const attempts = await t.sql('select 1 from delivery_attempt where delivery_cuid = $1', ['twice']);
    expect(attempts).toHaveLength(1);
  });
});

/**
 * A process that stops lets go of the deliveries waiting in its line, so another worker (or the same
 * service once restarted) sends them at once instead of when their leases end.
 */
describe('Stopping with a line', () => {
  it('lets go of the deliveries it had not begun: due at once for the next worker', async () => {
    // The first request takes the only slot for a while; the others wait in the line behind it.
    const receiver = await Receiver.start((_request, index) => ({
      status: 200,
      delayMs: index === 0 ? 1500 : 0,
    }));
    let t = await startTestApp({ HOOKPOST_WORKER_CONCURRENCY: '1', HOOKPOST_DELIVERY_TIMEOUT_MS: '3000' });
    try {
      await subscribe(t, receiver.url, 'stop', 5);
      await emit(t, 'stop');
      await receiver.waitFor(1);
      const { databaseUrl, queuePrefix } = t.config;
      await t.close({ keepData: true });

      const waiting = await t.sql<{ next_attempt_at: Date }>(
        `select next_attempt_at from delivery where status = 'pending' and attempts = 0`,
      );
      expect(waiting.length).toBeGreaterThanOrEqual(4);
      // Due now, not held until a lease (5 × (3 s + 5 s) from the event) runs out.
      for (const { next_attempt_at } of waiting)
        expect(next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());

      t = await startTestApp({ DATABASE_URL: databaseUrl, HOOKPOST_QUEUE_PREFIX: queuePrefix });
      // The new process's reconciler offers what is due within seconds; leases would hold it 40 s.
      await eventually(async () => {
        const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
        return ids.size === 5;
      }, 10_000);
    } finally {
      await t.close();
      await receiver.close();
    }
  });
});

describe('Stopping with attempts under way', () => {
  it('finishes and records them before it stops', async () => {
    const receiver = await Receiver.start(() => ({ status: 200, delayMs: 800 }));
    const t = await startTestApp();
    try {
      await subscribe(t, receiver.url, 'busy', 1);
      await emit(t, 'busy');
      await receiver.waitFor(1);
      await t.close({ keepData: true });
      expect(await t.sql(`select status, attempts from delivery`)).toEqual([
        { status: 'succeeded', attempts: 1 },
      ]);
      expect(await t.sql(`select status from delivery_attempt`)).toEqual([{ status: 'succeeded' }]);
    } finally {
      await cleanUp(t.config);
      await receiver.close();
    }
  });
});
