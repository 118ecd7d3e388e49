import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  breakdown,
  newResults,
  profileReport,
  RESULTS_DIR,
  stamp,
  table,
  writeResults,
  type BenchResults,
} from './report';
import { baselineLatency, baselineThroughput } from './scenarios/baselines';
import { cpuProfile } from './scenarios/cpu-profile';
import { deliveryControl } from './scenarios/delivery-control';
import { fanOut } from './scenarios/fan-out';
import { headOfLine } from './scenarios/head-of-line';
import { latency } from './scenarios/latency';
import { throughput } from './scenarios/throughput';
import { settle } from './support/settle';
import type { BenchContext } from './support/context';
import { parseOptions, type ScenarioName } from './support/options';
import { step } from './support/progress';
import { ReceiverClient } from './support/receiver-client';
import { RelayClient } from './support/relay-client';
import { buildService } from './support/build';
import { reportedRound, roundLabel, type ThroughputRound } from './support/throughput-rounds';
import { Service, serviceEnv } from './support/service';

/**
 * `npm run bench`. Processes, all on 127.0.0.1:
 * - this one: the orchestrator and the load generator (HTTP intake, relay and raw requests), and the
 *   receiver's receipts over IPC; it polls PostgreSQL for deliveries logged as succeeded;
 * - Hookpost (`service.process.ts`, NODE_ENV=production, JSON logs to bench/results/logs): one process
 *   (HOOKPOST_ROLE=all), or an API process and `--workers` worker processes, on a fresh database and
 *   Redis prefix; event-bus emissions are commanded over IPC;
 * - the receiver (`receiver.process.ts`) every delivery goes to, Hookpost's and the baselines';
 * - the zero-work relay and the durable relay (`relay.process.ts`, the second storing on Hookpost's
 *   database), baselines.
 * It prints a table and writes bench/results/<timestamp>.json and latest.json. Every process, the
 * database and the Redis keys are removed at the end, also on failure or Ctrl-C.
 */
async function main(): Promise<void> {
  const options = parseOptions();
  const name = `hookpost_bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const env = serviceEnv(options, name);
  const secret = `bench-secret-${randomBytes(8).toString('hex')}`;
  const {
    HOOKPOST_ADMIN_TOKEN: _token,
    HOOKPOST_ENCRYPTION_KEY: _key,
    HOOKPOST_SIGNING_KEY: _signingKey,
    ...visibleEnv
  } = env;
  const results: BenchResults = newResults({ ...options, env: visibleEnv });
  const runs = (...scenarios: ScenarioName[]) =>
    scenarios.some((scenario) => options.only.includes(scenario));
  const logDir = join(RESULTS_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const service = new Service(env, options.workers, (role) => join(logDir, `${stamp(results)}-${role}.log`));
  let receiver: ReceiverClient | undefined;
  let relay: RelayClient | undefined;
  let durableRelay: RelayClient | undefined;
  const cleanUp = once(async () => {
    await durableRelay?.stop(); // before its tables go with the database
    await service.destroy();
    await Promise.all([relay?.stop(), receiver?.stop()]);
  });
  let interrupted = false;
  onInterrupt(async () => {
    interrupted = true;
    console.error('\nInterrupted: stopping the bench processes, removing the database and Redis keys…');
    await cleanUp();
    process.exit(130);
  });
  // Node would end the process on these; make sure the children, database and keys go with it.
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.on(event, (error: unknown) => {
      console.error(`\n${event}, cleaning up:`, error);
      void cleanUp().finally(() => process.exit(1));
    });
  }

  const deployment =
    (options.workers ? `an API process and ${options.workers} worker process(es)` : 'HOOKPOST_ROLE=all') +
    `, HOOKPOST_PROCESSES=${options.processes}`;
  const profiling = options.profile
    ? 'CPU profile: on (an extra HTTP throughput run under --cpu-prof, on by default with throughput; --profile=off skips it)'
    : 'CPU profile: off (--profile turns it on)';
  try {
    step('Compiling Hookpost as `npm run build` does (it runs as JavaScript, as `npm start` runs it)');
    buildService();
    step(
      `Starting the receiver, the zero-work relay and Hookpost (${deployment}, NODE_ENV=production, ` +
        `database and queue prefix ${name}, logs in ${logDir}). ${profiling}`,
    );
    receiver = await ReceiverClient.start(secret, options.receiverHost);
    relay = await RelayClient.start(receiver.okUrl, secret, service.token);
    await service.start();
    const context: BenchContext = { options, service, receiver, relay, secret };

    // The durable relay runs only while it is measured, so no other scenario runs beside one more process.
    const withDurableRelay = async <T>(purpose: string, measure: () => Promise<T>): Promise<T> => {
      step(`Starting the durable relay on Hookpost's database, for ${purpose}`);
      const { databaseUrl } = service.config;
      durableRelay = await RelayClient.start(context.receiver.okUrl, secret, service.token, databaseUrl);
      context.durableRelay = durableRelay;
      try {
        return await measure();
      } finally {
        await durableRelay.stop();
        context.durableRelay = durableRelay = undefined;
      }
    };

    if (runs('baseline', 'throughput')) {
      // The baselines and Hookpost side by side in each round: a slower spell falls on both.
      const rounds = runs('throughput') ? options.throughputRounds : 1;
      await withDurableRelay('the throughput rounds', async () => {
        for (let round = 1; round <= rounds; round++) {
          const label = roundLabel(round, rounds);
          const measured: ThroughputRound = {
            raw: await baselineThroughput(context, 'raw', label),
            relay: await baselineThroughput(context, 'relay', label),
            durable: await baselineThroughput(context, 'durable', label),
          };
          if (runs('throughput')) {
            measured.http = await throughput(context, 'http', `http${label.suffix}`, label);
            measured.bus = await throughput(context, 'bus', `bus${label.suffix}`, label);
          }
          results.throughputRounds.push(measured);
        }
      });
      const reported = reportedRound(results.throughputRounds);
      results.raw.throughput = reported.raw;
      results.relay.throughput = reported.relay;
      results.durableRelay.throughput = reported.durable;
      results.throughput = { http: reported.http, bus: reported.bus };
    }
    if (options.profile) {
      results.cpuProfile = await cpuProfile(context, join(RESULTS_DIR, 'prof'), stamp(results));
      if (runs('baseline', 'latency', 'fanout', 'isolation', 'control')) {
        step('Restarting Hookpost without the profiler');
        await service.start();
      }
    }
    if (runs('baseline', 'latency')) {
      results.raw.latency = await baselineLatency(context, 'raw');
      results.relay.latency = await baselineLatency(context, 'relay');
      results.durableRelay.latency = await withDurableRelay('its latency', () =>
        baselineLatency(context, 'durable'),
      );
    }
    // Each scenario from here starts from an idle service and a vacuumed database.
    const settled = async <T>(scenario: (context: BenchContext) => Promise<T>): Promise<T> => {
      await settle(context);
      return scenario(context);
    };
    if (runs('latency')) results.latency = await settled(latency);
    if (runs('fanout')) results.fanOut = await settled(fanOut);
    if (runs('isolation')) results.isolation = await settled(headOfLine);
    if (runs('control')) results.control = await settled(deliveryControl);
    results.badSignatures = receiver.badSignatures;
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    // After Ctrl-C the scenario fails as its processes go away: that is not news.
    if (!interrupted) console.error(`\nBenchmark failed: ${results.error}`);
    process.exitCode = 1;
  } finally {
    results.finishedAt = new Date().toISOString();
    step('Cleaning up');
    await cleanUp();
    results.serviceLog = await service.logSummary();
  }

  const file = writeResults(results);
  console.log(`\n${table(results)}\n`);
  console.log(`Where the time went:\n${breakdown(results)}\n`);
  console.log(`${profiling}\n`);
  if (results.cpuProfile) console.log(`${profileReport(results.cpuProfile)}\n`);
  const { warnings, errors, otherLines, samples, files } = results.serviceLog;
  console.log(
    `Service logs (${files.join(', ')}): ${warnings} warnings, ${errors} errors, ${otherLines} lines not in JSON`,
  );
  for (const sample of samples) console.log(`  ${sample}`);
  if (results.badSignatures) console.log(`WARNING: ${results.badSignatures} deliveries had a bad signature`);
  console.log(`Results: ${file} (and latest.json beside it)`);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

/** Ctrl-C or kill: clean up once, then exit (a second signal while cleaning up is ignored). */
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
  .then(() => process.exit(process.exitCode ?? 0)) // pools and sockets may keep handles open
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
