import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { breakdown, newResults, table, writeResults, type BenchResults } from './report';
import { fanOut } from './scenarios/fan-out';
import { headOfLine } from './scenarios/head-of-line';
import { latency } from './scenarios/latency';
import { rawLatency, rawThroughput } from './scenarios/raw-baseline';
import { throughput } from './scenarios/throughput';
import type { BenchContext } from './support/context';
import { busEmitter, httpEmitter } from './support/emitter';
import { parseOptions, type ScenarioName } from './support/options';
import { instrumentClients, uncounted } from './support/probes';
import { step } from './support/progress';
import { ReceiverClient } from './support/receiver-client';
import { Service, serviceEnv } from './support/service';

/**
 * `npm run bench`: starts the real service in this process on a fresh database and Redis prefix, a
 * receiver in a child process, runs each scenario against a baseline measured in the same run, prints
 * a table and writes bench/results/<timestamp>.json and latest.json. Everything is removed at the end,
 * also on failure or Ctrl-C.
 */
async function main(): Promise<void> {
  const options = parseOptions();
  const name = `hookpost_bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const env = serviceEnv(options, name);
  const secret = `bench-secret-${randomBytes(8).toString('hex')}`;
  const { HOOKPOST_ADMIN_TOKEN: _token, HOOKPOST_ENCRYPTION_KEY: _key, ...visibleEnv } = env;
  const results: BenchResults = newResults({ ...options, env: visibleEnv });
  const runs = (scenario: ScenarioName) => options.only.includes(scenario);

  instrumentClients(); // before the app loads its clients, so every statement is counted
  let receiver: ReceiverClient | undefined;
  const service = new Service(env, options.workers);
  uncounted.add(service.db);
  const cleanUp = once(async () => {
    receiver?.stop();
    await service.destroy();
  });
  onInterrupt(async () => {
    console.error('\nInterrupted: cleaning up the bench database and Redis keys…');
    await cleanUp();
    process.exit(130);
  });
  // Node would end the process on these; make sure the database and keys go with it.
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.on(event, (error: unknown) => {
      console.error(`\n${event}, cleaning up:`, error);
      void cleanUp().finally(() => process.exit(1));
    });
  }

  try {
    step(`Starting Hookpost (database and queue prefix ${name}) and the receiver process`);
    receiver = await ReceiverClient.start(secret);
    await service.start();
    const emitter =
      options.intake === 'bus' ? busEmitter(service) : httpEmitter(service, options.intakeInFlight);
    const context: BenchContext = { options, service, receiver, emitter, secret };

    if (runs('baseline') || runs('throughput')) results.rawThroughput = await rawThroughput(context);
    if (runs('baseline') || runs('latency')) results.rawLatency = await rawLatency(context);
    if (runs('throughput')) results.throughput = await throughput(context);
    if (runs('latency')) results.latency = await latency(context);
    if (runs('fanout')) results.fanOut = await fanOut(context);
    if (runs('isolation')) results.isolation = await headOfLine(context);
    results.badSignatures = receiver.badSignatures;
    await emitter.close();
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`\nBenchmark failed: ${results.error}`);
    process.exitCode = 1;
  } finally {
    results.finishedAt = new Date().toISOString();
    step('Cleaning up');
    await cleanUp();
  }

  const file = writeResults(results);
  console.log(`\n${table(results)}\n`);
  console.log(`Where the time went:\n${breakdown(results)}\n`);
  if (results.badSignatures) console.log(`WARNING: ${results.badSignatures} deliveries had a bad signature`);
  if (service.logger.errors) console.log(`The service logged ${service.logger.errors} errors (see above)`);
  console.log(`Results: ${file} (and latest.json beside it)`);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

/**
 * Ctrl-C or kill: clean up, then exit. Nest's own shutdown hook also hears the signal, closes the app
 * and re-raises it; while this listener is registered that re-raise lands here again and is ignored.
 */
function onInterrupt(handler: () => Promise<void>): void {
  let started = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (started) return;
      started = true;
      void handler();
    });
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0)) // Bull and pools may keep handles open
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
