import type { ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_SERVICE, startNodeFlags } from './build';
import type { BenchEvent } from './event-body';
import { forkReady, stopChild } from './forked-child';
import type { ServiceCommand, ServiceMessage } from './service-protocol';

type EmitManyCommand = Omit<Extract<ServiceCommand, { type: 'emit-many' }>, 'type' | 'id'>;
type EmitManyResult = Omit<Extract<ServiceMessage, { type: 'emitted-many' }>, 'type' | 'id'>;
type Answer = Extract<ServiceMessage, { id: number }>;
type Question =
  Extract<ServiceCommand, { id: number }> extends infer C
    ? C extends { id: number }
      ? Omit<C, 'id'>
      : never
    : never;

const ROOT = join(__dirname, '..', '..');

export interface ServiceProcessOptions {
  /** The whole configuration (HOOKPOST_*, DATABASE_URL…); of this process's environment only PATH. */
  env: Record<string, string>;
  role: 'all' | 'api' | 'worker';
  /** stdout and stderr (the JSON log lines) are appended here. */
  logFile: string;
  /** With a profile file name: `--cpu-prof`, written when the process exits after `stop()`. */
  profile?: { dir: string; name: string };
}

/** The parent's handle on one service process (`service.process.ts`). */
export class ServiceClient {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (answer: Answer) => void; reject: (error: Error) => void }
  >();

  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly role: ServiceProcessOptions['role'],
    logFile: string,
  ) {
    child.on('message', (message: ServiceMessage) => {
      if (!('id' in message)) return;
      this.waiting.get(message.id)?.resolve(message);
      this.waiting.delete(message.id);
    });
    // A crash mid-scenario: say so at once, and fail what waits on this process instead of hanging.
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      console.error(`  the ${role} process exited (${signal ?? code}); see ${logFile}`);
      this.failWaiting(`the ${role} process exited`);
    });
  }

  static async start({ env, role, logFile, profile }: ServiceProcessOptions): Promise<ServiceClient> {
    const file = BUILT_SERVICE;
    const profiling = profile
      ? ['--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${profile.name}`]
      : [];
    const log = openSync(logFile, 'a');
    try {
      const { child, ready } = await forkReady<Extract<ServiceMessage, { type: 'ready' }>>(file, {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          PORT: '0',
          ...env,
          HOOKPOST_ROLE: role,
        },
        cwd: ROOT,
        execArgv: [...startNodeFlags(), ...profiling],
        stdio: ['ignore', log, log],
        explain: () => `last lines of ${logFile}:\n${tail(logFile)}`,
      });
      return new ServiceClient(child, ready.url, role, logFile);
    } finally {
      closeSync(log); // the child has its own copy of the descriptor
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Emits one event on the service's event bus; resolves with the wall-clock time it was emitted. */
  async emit(event: BenchEvent): Promise<number> {
    const answer = await this.ask({ type: 'emit', event });
    if (answer.type === 'emitted' && answer.error) throw new Error(answer.error);
    return (answer as Extract<Answer, { type: 'emitted' }>).sentAt;
  }

  async emitMany(command: EmitManyCommand): Promise<EmitManyResult> {
    return (await this.ask({ type: 'emit-many', ...command })) as Extract<Answer, { type: 'emitted-many' }>;
  }

  /** A clean stop (the app closes, the process exits 0 and writes its profile), forced if it hangs. */
  stop(): Promise<void> {
    this.stopping = true;
    this.failWaiting(`the ${this.role} process was stopped`);
    return stopChild(this.child, { message: { type: 'stop' } satisfies ServiceCommand });
  }

  private failWaiting(reason: string): void {
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
  }

  private ask(command: Question): Promise<Answer> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      if (!this.child.connected) return reject(new Error(`the ${this.role} process is gone`));
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...command, id });
    });
  }
}

/** The end of a log file, for the error when a process dies during start-up. */
function tail(file: string, bytes = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const size = readSync(fd, buffer, 0, bytes, Math.max(0, fstatSync(fd).size - bytes));
    return buffer.subarray(0, size).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
