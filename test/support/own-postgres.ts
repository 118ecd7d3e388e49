import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { leftoverOwnServerDirs, makeOwnServerDir } from './own-server-dir';

const execFileAsync = promisify(execFile);

/** initdb and postgres refuse to run as root, so as root every command runs as the OS user `postgres`. */
const AS_POSTGRES_USER = process.getuid?.() === 0;

/**
 * A PostgreSQL cluster of the tests' own, in a temporary directory: trust authentication, 127.0.0.1
 * and a free port only, its Unix socket in that directory, no fsync (its data is thrown away). Tests
 * that stop or restart PostgreSQL use one, so the machine's server is never touched.
 */
export class OwnPostgres {
  private port = 0;

  private constructor(
    private readonly dir: string,
    private readonly bin: string,
  ) {}

  /** A new cluster, started; `remove()` it afterwards. */
  static async create(): Promise<OwnPostgres> {
    const bin = postgresBinDir();
    const server = new OwnPostgres(
      makeOwnServerDir('postgres', AS_POSTGRES_USER ? postgresUser() : undefined),
      bin,
    );
    try {
      const superuser = ['-U', 'postgres', '--auth=trust'];
      await server.pg('initdb', ['-D', server.data, ...superuser, '--no-sync', '--no-locale', '-E', 'UTF8']);
      appendFileSync(
        server.conf,
        [
          "listen_addresses = '127.0.0.1'",
          `unix_socket_directories = '${server.dir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          '',
        ].join('\n'),
      );
      await server.startOnFreePort();
    } catch (error) {
      await server.remove();
      throw error;
    }
    return server;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the stopped server again, on the same port, and waits until it accepts connections. */
  async start(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-l', this.log, '-w', '-t', '60', 'start']).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${this.logTail()}`);
      },
    );
  }

  /** A fast shutdown: open sessions are ended, as when an operator restarts the server. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server if it runs and deletes its directory. */
  async remove(): Promise<void> {
    await removeCluster(this.dir, this.bin);
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private get conf(): string {
    return join(this.data, 'postgresql.conf');
  }

  private get log(): string {
    return join(this.dir, 'postgres.log');
  }

  /** The port is free when chosen but may be taken before the server binds it; then try another. */
  private async startOnFreePort(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      appendFileSync(this.conf, `port = ${this.port}\n`); // the last setting in the file wins
      try {
        return await this.start();
      } catch (error) {
        if (attempt === 3 || !/Address already in use/.test(this.logTail())) throw error;
      }
    }
  }

  private logTail(): string {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8').split('\n').slice(-20).join('\n') : '';
  }

  private pg(program: 'initdb' | 'pg_ctl', args: string[]) {
    return runPostgresBinary(this.bin, this.dir, program, args);
  }
}

/** Removes the clusters this test run left behind (a test file that failed before its own cleanup). */
export async function removeLeftoverPostgres(): Promise<void> {
  const dirs = leftoverOwnServerDirs('postgres');
  if (!dirs.length) return;
  const bin = postgresBinDir();
  await Promise.all(dirs.map((dir) => removeCluster(dir, bin)));
}

async function removeCluster(dir: string, bin: string): Promise<void> {
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) {
    // Immediate: the data is about to be deleted, so there is nothing worth a clean shutdown.
    await runPostgresBinary(bin, dir, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
      () => undefined,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

function runPostgresBinary(bin: string, cwd: string, program: 'initdb' | 'pg_ctl', args: string[]) {
  const command = join(bin, program);
  return AS_POSTGRES_USER
    ? execFileAsync('runuser', ['-u', 'postgres', '--', command, ...args], { cwd })
    : execFileAsync(command, args, { cwd });
}

/** The directory with initdb and pg_ctl: pg_config's, else Debian's newest, else one on PATH. */
export function postgresBinDir(): string {
  const candidates = [pgConfigBinDir(), ...debianBinDirs(), ...(process.env.PATH ?? '').split(delimiter)];
  const found = candidates.find(
    (dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
  if (found) return found;
  throw new Error(
    'The fault tests start a PostgreSQL of their own and need the PostgreSQL server binaries initdb and ' +
      'pg_ctl (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql). None found ' +
      'via pg_config --bindir, /usr/lib/postgresql/*/bin or PATH.',
  );
}

function pgConfigBinDir(): string | undefined {
  try {
    return execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

/** The OS user `postgres`, who owns the cluster when the tests run as root. */
export function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(
      execFileSync('id', [flag, 'postgres'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'The fault tests run as root, and initdb refuses to run as root, so they run their own PostgreSQL ' +
        'as the OS user "postgres", which does not exist. Create it (useradd --system postgres) or run ' +
        'the tests as a normal user.',
    );
  }
}
