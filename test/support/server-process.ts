import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * The real server entry point (`apps/server/src/main.ts`) in a child process, e.g. a worker
 * (`HOOKPOST_ROLE=worker`) sharing another process's PostgreSQL database and Redis prefix.
 */
export class ServerProcess {
  private exited: Promise<number | null>;
  /** Everything the process printed so far (stdout and stderr), capped to the last MiB. */
  output = '';

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

  /** The URL the server announced (`Listening on …`). */
  get url(): string {
    const match = /Listening on (http:\/\/[^\s)"]+)/.exec(this.output);
    if (!match) throw new Error('the server has not announced its URL');
    return match[1].replace('localhost', '127.0.0.1');
  }

  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start within 60 s:\n${this.output}`)),
        60_000,
      );
      // Collecting also keeps the pipes drained: a full pipe would block the child.
      const collect = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-1024 * 1024);
        if (!this.output.includes('Listening on')) return;
        clearTimeout(timer);
        resolve();
      };
      for (const stream of [this.child.stdout, this.child.stderr]) stream?.on('data', collect);
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before it was ready:\n${this.output}`));
      });
    });
  }
}
