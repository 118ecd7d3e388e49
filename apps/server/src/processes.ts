import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';

/** A process that dies sooner than this after it started failed to start: restarting it would loop. */
const STARTUP_MS = 10_000;

/**
 * Runs `serve` in `count` processes on one port (HOOKPOST_PROCESSES): the primary forks them, Node's
 * cluster hands them connections in turn, a process that dies is replaced, and SIGTERM or SIGINT
 * stops them all. With one process there is no primary: `serve` runs right here.
 */
export async function inProcesses(count: number, serve: (index: number) => Promise<void>): Promise<void> {
  if (cluster.isWorker) return serve(Number(process.env.HOOKPOST_PROCESS_INDEX));
  if (count <= 1) return serve(0);
  const logger = new Logger('Hookpost');
  let stopping = false;
  const fork = (index: number) => {
    const startedAt = Date.now();
    cluster.fork({ HOOKPOST_PROCESS_INDEX: String(index) }).on('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt < STARTUP_MS) {
        logger.error(`Server process ${index + 1} of ${count} failed to start (${signal ?? code}); stopping`);
        return stop(1);
      }
      logger.warn(`Server process ${index + 1} of ${count} exited (${signal ?? code}); starting another`);
      fork(index);
    });
  };
  const stop = (exitCode: number, signal: NodeJS.Signals = 'SIGTERM') => {
    stopping = true;
    process.exitCode = exitCode;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  cluster.on('exit', () => {
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(0, signal));
  for (let index = 0; index < count; index++) fork(index);
}
