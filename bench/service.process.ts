/**
 * Hookpost as a user runs it: `apps/server/src/main.ts`'s start-up (loadConfig, createApp, listen on
 * PORT; structured JSON logs on stdout, which the benchmark sends to a file), plus the one thing the
 * benchmark needs inside the process: an IPC hook that emits events on the Nest event bus, as an
 * upstream module of the same app would. Forked by `support/service-client.ts`, one per process of the
 * deployment (HOOKPOST_ROLE=all, or api and workers). With HOOKPOST_PROCESSES above 1 this process
 * is the cluster's primary, as main.ts's is: its server processes share the port, and the first of
 * them answers the benchmark's commands through it.
 */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { loadConfig, ReportPublishedEvent } from '@hookpost/core';
import { createApp } from '../apps/server/src/create-app';
import { type BenchEvent, eventBody } from './support/event-body';
import type { ServiceCommand, ServiceMessage } from './support/service-protocol';
import { sleep, wallNow, withConcurrency } from './support/stats';

const MAX_ERRORS = 5;

/** The primary of several server processes: forks them, says ready once all listen, relays commands. */
function primary(count: number): void {
  const toBenchmark = (message: ServiceMessage) => process.connected && process.send!(message);
  const workers = Array.from({ length: count }, () => cluster.fork());
  let listening = 0;
  for (const worker of workers) {
    worker.on('message', (message: ServiceMessage) => {
      if (message.type !== 'ready') return toBenchmark(message);
      if (++listening === count) toBenchmark(message);
    });
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of workers) if (worker.isConnected()) worker.send({ type: 'stop' });
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('message', (command: ServiceCommand) => {
    if (command.type === 'stop') stop();
    else workers[0].send(command);
  });
  process.on('disconnect', stop);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary && config.processes > 1) return primary(config.processes);
  const app = await createApp(config);
  // main.ts listens on every interface; the benchmark keeps all its traffic on 127.0.0.1.
  await app.listen(config.port, '127.0.0.1');
  const bus = app.get(EventEmitter2);
  const send = (message: ServiceMessage) => process.connected && process.send!(message);

  // The producer's side of `emitAsync`: it resolves once Hookpost stored the event and its deliveries.
  const emit = async (event: BenchEvent) => {
    const typed = new ReportPublishedEvent(eventBody(event));
    await bus.emitAsync(typed.event, typed);
  };

  let stopping: Promise<void> | undefined;
  // app.close() drains the worker and the pools; bounded, so a stuck close still ends the process.
  const stop = () => (stopping ??= Promise.race([app.close(), sleep(10_000)]).finally(() => process.exit(0)));

  process.on('message', (command: ServiceCommand) => {
    if (command.type === 'stop') void stop();
    if (command.type === 'emit') {
      const sentAt = wallNow();
      emit(command.event).then(
        () => send({ type: 'emitted', id: command.id, sentAt }),
        (error: Error) => send({ type: 'emitted', id: command.id, sentAt, error: error.message }),
      );
    }
    if (command.type === 'emit-many') {
      const errors: string[] = [];
      const intakeMs: number[] = [];
      void withConcurrency(command.count, command.inFlight, async (index) => {
        if (errors.length >= MAX_ERRORS) return; // a failing intake would otherwise take the run hostage
        const started = performance.now();
        await emit({ key: `${command.prefix}${index}`, clientCuid: command.clientCuid }).then(
          () => void intakeMs.push(performance.now() - started),
          (error: Error) => void errors.push(error.message),
        );
      }).then(() =>
        send({ type: 'emitted-many', id: command.id, accepted: intakeMs.length, errors, intakeMs }),
      );
    }
  });
  // Exit with the benchmark (also on its crash) so no service is left behind.
  process.on('disconnect', () => void stop());
  send({ type: 'ready', url: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
