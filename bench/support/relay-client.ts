import type { ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import { forkReady, stopChild } from './forked-child';

/** The parent's handle on a relay process (`relay.process.ts`): zero-work, or durable given a database. */
export class RelayClient {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    receiverUrl: string,
    secret: string,
    token: string,
    databaseUrl?: string,
  ): Promise<RelayClient> {
    const file = join(__dirname, '..', `relay.process${extname(__filename)}`);
    const env = {
      ...process.env,
      BENCH_SECRET: secret,
      BENCH_TOKEN: token,
      BENCH_RECEIVER_URL: receiverUrl,
      ...(databaseUrl && { BENCH_RELAY_DATABASE_URL: databaseUrl }),
    };
    const { child, ready } = await forkReady<{ type: 'ready'; port: number }>(file, { env });
    return new RelayClient(child, `http://127.0.0.1:${ready.port}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  stop(): Promise<void> {
    return stopChild(this.child, { graceMs: 5_000 });
  }
}
