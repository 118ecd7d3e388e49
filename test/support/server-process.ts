import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * The real server entry point (`apps/server/src/main.ts`) in a child process, e.g. a worker
 * (`HOOKPOST_ROLE=worker`) sharing another process's PostgreSQL database and Redis prefix.
 */
export class ServerProcess {
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** `env` is the whole configuration (HOOKPOST_* and friends); only PATH is inherited. */
  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/server/src/main.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), PORT: '0', ...env },
      },
    );
    const server = new ServerProcess(child);
    await server.ready();
    return server;
  }

  /** SIGKILL: no shutdown hooks, no lock release — as when a machine dies. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`server did not start within 60 s:\n${output}`)),
        60_000,
      );
      const streams = [this.child.stdout, this.child.stderr];
      const watch = (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Listening on')) return;
        clearTimeout(timer);
        // Keep draining the pipes (a full pipe would block the child) but stop collecting.
        for (const stream of streams) stream?.off('data', watch).resume();
        resolve();
      };
      for (const stream of streams) stream?.on('data', watch);
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
      });
    });
  }
}
