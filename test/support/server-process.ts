import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { HookpostConfig } from '@hookpost/core';
import { TEST_KEY, TEST_TOKEN } from './test-app';

const ROOT = join(__dirname, '../..');

/** The real server entry point in a child process (e.g. HOOKPOST_ROLE=worker), sharing a test app's storage. */
export class ServerProcess {
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(config: HookpostConfig, env: Record<string, string> = {}): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/server/src/main.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
          NODE_ENV: 'test',
          PORT: '0',
          DATABASE_URL: config.databaseUrl,
          REDIS_URL: config.redisUrl,
          HOOKPOST_QUEUE_PREFIX: config.queuePrefix,
          HOOKPOST_ADMIN_TOKEN: TEST_TOKEN,
          HOOKPOST_ENCRYPTION_KEY: TEST_KEY,
          HOOKPOST_ALLOW_CIDRS: config.allowCidrsText,
          HOOKPOST_DELIVERY_TIMEOUT_MS: String(config.deliveryTimeoutMs),
          HOOKPOST_ROLE: 'worker',
          ...env,
        },
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
      const watch = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.child.stdout?.on('data', watch);
      this.child.stderr?.on('data', watch);
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
      });
    });
  }
}
