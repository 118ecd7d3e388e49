import { EndpointGate, type GateDecision } from '@hookpost/core/pipeline/3-dispatch/endpoint-gate';
import type { HealthEffect } from '@hookpost/core/pipeline/4-attempt/next-state';
import type { Subscriber } from '@hookpost/core/persistence/webhook.repository';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The gate's rules on the real Redis, with explicit clocks: slots in order, the one-second cap on
 * attempts that come back late, the in-flight limit, and an endpoint's pause and recovery.
 */
describe('EndpointGate', () => {
  let t: TestApp;
  let gate: EndpointGate;
  let serial = 0;
  const T = Date.now(); // the clock the gate is told; pressure heard in-process is timed by the real one

  beforeAll(async () => {
    t = await startTestApp();
    gate = t.app.get(EndpointGate, { strict: false });
  });

  afterAll(() => t?.close());

  const webhook = (limits: Partial<Pick<Subscriber, 'rateLimit' | 'maxInFlight'>>): Subscriber => ({
    cuid: `gate-test-${++serial}`,
    type: 'http',
    message: '',
    clientCuids: [],
    statuses: [],
    ordering: 'none',
    signatureScheme: 'hmac',
    rateLimit: null,
    maxInFlight: null,
    filter: null,
    url: 'http://127.0.0.1:1/',
    urlEncrypted: null,
    sslVerification: true,
    secretEncrypted: null,
    previousSecretEncrypted: null,
    previousSecretExpiresAt: null,
    ...limits,
  });
  const effect = (pressure: HealthEffect['pressure'], pauseMs = 0): HealthEffect => ({
    succeeded: pressure === 'none',
    disableReason: null,
    pressure,
    pauseMs,
  });
  const waits = (decisions: GateDecision[]) =>
    decisions.map((decision) => (decision.granted ? 0 : decision.waitMs));

  it('gives each attempt over the rate its own slot, and keeps it for the attempt', async () => {
    const limited = webhook({ rateLimit: 10 });
    const decisions: GateDecision[] = [];
    for (let i = 0; i < 4; i++) decisions.push(await gate.acquire(limited, false, T));
    expect(waits(decisions)).toEqual([0, 100, 200, 300]);
    expect(decisions.slice(1).every((decision) => !decision.granted && decision.rateReserved)).toBe(true);
    // Back at its slot, a reserved attempt goes, though later arrivals took the slots after it.
    expect((await gate.acquire(limited, false, T + 100)).granted).toBe(false);
    expect((await gate.acquire(limited, true, T + 100)).granted).toBe(true);
  });

  it('never lets more than the rate start in one second, however late the reserved attempts come back', async () => {
    const limited = webhook({ rateLimit: 5 });
    for (let i = 0; i < 10; i++) await gate.acquire(limited, false, T);
    // All nine reserved attempts return together, five seconds late (a busy worker).
    const late = T + 5_000;
    const back: GateDecision[] = [];
    for (let i = 0; i < 9; i++) back.push(await gate.acquire(limited, true, late));
    expect(waits(back)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000]);
    expect(back.slice(5).every((decision) => !decision.granted && decision.rateReserved)).toBe(true);
    expect((await gate.acquire(limited, true, late + 999)).granted).toBe(false);
    expect((await gate.acquire(limited, true, late + 1000)).granted).toBe(true);
  });

  it('holds attempts beyond maxInFlight until one ends, without taking a rate slot', async () => {
    const limited = webhook({ maxInFlight: 2 });
    const first = await gate.acquire(limited, false, T);
    const second = await gate.acquire(limited, false, T);
    const third = await gate.acquire(limited, false, T);
    expect([first.granted, second.granted, third.granted]).toEqual([true, true, false]);
    expect(third.granted === false && third.rateReserved).toBe(false);
    if (!first.granted) throw new Error('unreachable');
    await gate.release(first.pass, effect('none'), T + 10);
    expect((await gate.acquire(limited, false, T + 10)).granted).toBe(true);
  });

  it('pauses a throttled endpoint for its Retry-After, then halves its limit and recovers it one success at a time', async () => {
    const endpoint = webhook({ maxInFlight: 8 });
    const pass = await gate.acquire(endpoint, false, T);
    if (!pass.granted) throw new Error('expected the first attempt through');
    await gate.release(pass.pass, effect('throttled', 2000), T + 5);
    const paused = await gate.acquire(endpoint, false, T + 5);
    expect(paused).toEqual({ granted: false, waitMs: 2000, rateReserved: false });

    // After the pause: 4 of 8 in flight, then one more each success, back to 8.
    const after = T + 2005;
    const granted: GateDecision[] = [];
    for (let i = 0; i < 5; i++) granted.push(await gate.acquire(endpoint, false, after));
    expect(granted.map((decision) => decision.granted)).toEqual([true, true, true, true, false]);
    const [one] = granted;
    if (!one.granted) throw new Error('unreachable');
    await gate.release(one.pass, effect('none'), after + 1);
    const next = [
      await gate.acquire(endpoint, false, after + 1),
      await gate.acquire(endpoint, false, after + 1),
    ];
    expect(next.map((decision) => decision.granted)).toEqual([true, true]); // limit 5: 3 + 2
  });

  it('halves the limit of an endpoint that timed out, even one with no limits of its own', async () => {
    const endpoint = webhook({});
    const pass = await gate.acquire(endpoint, false, T);
    if (!pass.granted) throw new Error('expected the attempt through');
    expect(pass.pass.token).toBeNull(); // unlimited and healthy: Redis is not asked
    await gate.release(pass.pass, effect('timeout'), T + 1);
    const concurrency = t.config.workerConcurrency;
    const decisions: GateDecision[] = [];
    for (let i = 0; i <= concurrency / 2; i++) decisions.push(await gate.acquire(endpoint, false, T + 2));
    expect(decisions.filter((decision) => decision.granted)).toHaveLength(Math.floor(concurrency / 2));
    expect(decisions[decisions.length - 1].granted).toBe(false);
  });
});
