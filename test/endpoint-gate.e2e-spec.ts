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

  it('lines up reserved attempts that come back late a slot apart, so each asks again about once', async () => {
    const limited = webhook({ rateLimit: 5 });
    for (let i = 0; i < 10; i++) await gate.acquire(limited, false, T);
    // All nine reserved attempts return together, five seconds late (a busy worker), and each comes
    // back when the gate says. Told the same moment, they all came back then, one went and the
    // others were told the next moment: 45 asks for 9 starts. In line, a slot apart up to a second
    // ahead (the last three are told the same second, and line up again then): 20.
    const late = T + 5_000;
    const due = Array.from({ length: 9 }, () => late);
    const starts: number[] = [];
    let asks = 0;
    while (due.length > 0) {
      const now = Math.min(...due);
      due.splice(due.indexOf(now), 1);
      asks += 1;
      const decision = await gate.acquire(limited, true, now);
      if (decision.granted) starts.push(now - late);
      else {
        expect(decision.rateReserved).toBe(true);
        due.push(now + decision.waitMs);
      }
    }
    expect(starts).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600]);
    expect(asks).toBe(9 + 8 + 3);
  });

  it('makes a reserved attempt back sooner than a slot after the last start wait for the rest of the slot', async () => {
    const limited = webhook({ rateLimit: 5 });
    await gate.acquire(limited, false, T);
    const back: GateDecision[] = [];
    for (let i = 1; i <= 6; i++) back.push(await gate.acquire(limited, true, T + i * 150));
    expect(waits(back)).toEqual([50, 0, 50, 0, 50, 0]);
  });

  it('counts a start from when its request went out, once the attempt says so', async () => {
    const limited = webhook({ rateLimit: 1 });
    const first = await gate.acquire(limited, false, T);
    if (!first.granted) throw new Error('expected the attempt through');
    // Let through at T, but its worker was busy: the request went out 400 ms later.
    await gate.release(first.pass, effect('none'), T + 450, T + 400);
    expect(waits([await gate.acquire(limited, true, T + 1_100)])).toEqual([300]);
    expect((await gate.acquire(limited, true, T + 1_400)).granted).toBe(true);
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

  it('makes an attempt that keeps finding the in-flight limit full wait longer each time, up to 8 times the first wait', async () => {
    const limited = webhook({ maxInFlight: 1 });
    expect((await gate.acquire(limited, false, T)).granted).toBe(true);
    const waited = async (before: number) => {
      const samples = [];
      for (let i = 0; i < 20; i++) samples.push(...waits([await gate.acquire(limited, false, T, before)]));
      return [Math.min(...samples), Math.max(...samples)];
    };
    const [first, second, fourth, tenth] = [
      await waited(0),
      await waited(1),
      await waited(3),
      await waited(9),
    ];
    expect(first[0]).toBeGreaterThan(100);
    expect(first[1]).toBeLessThanOrEqual(250);
    expect(second[0]).toBeGreaterThan(200);
    expect(second[1]).toBeLessThanOrEqual(500);
    expect(fourth[0]).toBeGreaterThan(800);
    expect(fourth[1]).toBeLessThanOrEqual(2000);
    expect(tenth[0]).toBeGreaterThan(800); // no longer than the fourth: capped
    expect(tenth[1]).toBeLessThanOrEqual(2000);
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
