import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { leftoverOwnServerDirs, makeOwnServerDir } from './own-server-dir';

/**
 * A Redis of the tests' own: a child `redis-server` on 127.0.0.1 and a free port, without
 * persistence, in a temporary directory. Tests that FLUSHALL use one, so the machine's Redis keeps
 * everything it holds.
 */
export class OwnRedis {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly port: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** A new server, ready for connections; `remove()` it afterwards. */
  static async start(): Promise<OwnRedis> {
    const bin = redisServerPath();
    const dir = makeOwnServerDir('redis');
    try {
      // The port is free when chosen but may be taken before the server binds it; then try another.
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        const child = spawn(
          bin,
          ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
          { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const output = await ready(child);
        if (output === 'ready') {
          const server = new OwnRedis(child, dir, port);
          await server.recordIdentity();
          return server;
        }
        if (attempt === 3 || !output.includes('Address already in use')) {
          throw new Error(`redis-server on port ${port} did not start:\n${output}`);
        }
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Ends the server (it keeps nothing, so no clean shutdown is needed) and deletes its directory. */
  async remove(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Port and run id, so a leftover server is shut down only if it is still this one. */
  private async recordIdentity(): Promise<void> {
    const redis = new Redis(this.url);
    try {
      const identity: Identity = { port: this.port, runId: runId(await redis.info('server')) };
      writeFileSync(join(this.dir, 'identity.json'), JSON.stringify(identity));
    } finally {
      redis.disconnect();
    }
  }
}

interface Identity {
  port: number;
  runId: string;
}

/** Shuts down the servers this test run left behind (a test file that failed before its own cleanup). */
export async function removeLeftoverRedis(): Promise<void> {
  for (const dir of leftoverOwnServerDirs('redis')) {
    const file = join(dir, 'identity.json');
    if (existsSync(file)) await shutDownIfSame(JSON.parse(readFileSync(file, 'utf8')) as Identity);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function shutDownIfSame({ port, runId: expected }: Identity): Promise<void> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    if (runId(await redis.info('server')) === expected) await redis.shutdown('NOSAVE').catch(() => undefined);
  } catch {
    // Nothing listens there any more: the server is already gone.
  } finally {
    redis.disconnect();
  }
}

function runId(info: string): string {
  return /^run_id:(\w+)/m.exec(info)?.[1] ?? '';
}

/**
 * Resolves 'ready' once the server accepts connections, or with its output if it exits first (it is
 * killed if it is neither ready nor gone within 30 s).
 */
function ready(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let output = '';
    const streams = [child.stdout, child.stderr];
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Ready to accept connections')) return;
      // Keep draining the pipes (a full pipe would block the server) but stop collecting.
      for (const stream of streams) stream?.off('data', watch).resume();
      clearTimeout(timer);
      child.off('exit', exited);
      resolve('ready');
    };
    const exited = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      resolve(`${output}\n(exited with ${code ?? signal})`);
    };
    for (const stream of streams) stream?.on('data', watch);
    child.once('exit', exited);
    child.once('error', (error) => resolve(error.message));
  });
}

export function redisServerPath(): string {
  const found = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'redis-server'))
    .find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'The fault tests start a Redis of their own and need redis-server on PATH ' +
      '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis).',
  );
}
