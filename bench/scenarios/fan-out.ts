import { type BenchContext, hookpostEmitter, probe } from '../support/context';
import type { ProbeReport } from '../support/probes';
import { progress, step } from '../support/progress';
import { ReceiptLog } from '../support/receipts';
import {
  percentiles,
  type Percentiles,
  round,
  sleep,
  until,
  wallNow,
  withConcurrency,
} from '../support/stats';

export interface FanOutRound {
  intakeMs: number;
  /** Emit until the last of the N deliveries reached the receiver. */
  lastReceiptMs: number;
  /** Emit until PostgreSQL recorded all N as succeeded (polled every 50 ms). */
  allLoggedMs: number;
  received: number;
}

export interface FanOut {
  webhooks: number;
  setupSeconds: number;
  rounds: FanOutRound[];
  lastReceiptMs: Percentiles;
  intakeMs: Percentiles;
  probe: ProbeReport;
}

const ROUND_DEADLINE_MS = 30_000;

/** One event to N webhooks (all pointing at the receiver): how long until the N-th delivery lands. */
export async function fanOut(context: BenchContext): Promise<FanOut> {
  const { options, service, receiver, secret } = context;
  const count = options.fanoutWebhooks;
  step(`Fan-out: creating ${count} webhooks through the API`);
  const setupStarted = performance.now();
  const webhooks: string[] = [];
  let stopProgress = progress('create webhooks', () => `${webhooks.length}/${count}`);
  await withConcurrency(count, 8, async (index) => {
    webhooks.push(
      await service.createWebhook(
        `fan-out ${index}`,
        `${receiver.okUrl}/fan/${index}`,
        'bench-fanout',
        secret,
      ),
    );
  });
  stopProgress();
  const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);

  step(`Fan-out: ${options.fanoutRounds} events via ${options.intake} intake, each to ${count} webhooks`);
  const emitter = hookpostEmitter(context, options.intake);
  const log = new ReceiptLog(receiver, 'fan-');
  const rounds: FanOutRound[] = [];
  const probing = await probe(context);
  for (let round = 0; round < options.fanoutRounds; round++) {
    const key = `fan-${round}`;
    const received = () => log.perKey.get(key)?.count ?? 0;
    stopProgress = progress(`round ${round + 1}`, () => `${received()}/${count} received`);
    const started = await emitter.emit({ key, clientCuid: 'bench-fanout' });
    const intakeMs = wallNow() - started;
    await until(() => received() >= count, ROUND_DEADLINE_MS, 5);
    let loggedAt = NaN;
    await until(
      async () => {
        const done = (await service.succeeded(webhooks)) >= count * (round + 1);
        if (done) loggedAt = wallNow();
        return done;
      },
      ROUND_DEADLINE_MS,
      50,
    );
    stopProgress();
    const entry = log.perKey.get(key);
    rounds.push({
      intakeMs: Math.round(intakeMs),
      lastReceiptMs: entry && entry.count >= count ? Math.round(entry.lastAt - started) : NaN,
      allLoggedMs: Math.round(loggedAt - started),
      received: entry?.count ?? 0,
    });
    await sleep(500); // let the pools settle so rounds do not overlap
  }
  const report = await probing.stop();
  log.stop();
  await emitter.close();
  return {
    webhooks: count,
    setupSeconds,
    rounds,
    lastReceiptMs: percentiles(rounds.map((entry) => entry.lastReceiptMs).filter(Number.isFinite)),
    intakeMs: percentiles(rounds.map((entry) => entry.intakeMs)),
    probe: report,
  };
}
