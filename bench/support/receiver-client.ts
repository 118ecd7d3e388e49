import type { ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import { forkReady, stopChild } from './forked-child';
import type { ReceiverMessage, Receipt } from './receiver-protocol';

type Listener = (receipt: Receipt) => void;

/**
 * The parent's handle on the receiver process: its URLs and every receipt (by key). Scenarios
 * subscribe to receipts and wait for counts; bad signatures are tallied.
 */
export class ReceiverClient {
  badSignatures = 0;
  private listeners = new Set<Listener>();

  private constructor(
    private readonly child: ChildProcess,
    readonly okUrl: string,
    readonly hangUrl: string,
  ) {
    child.on('message', (message: ReceiverMessage) => {
      if (message.type !== 'receipts') return;
      for (const receipt of message.receipts) {
        if (!receipt.signed && receipt.port === 'ok') this.badSignatures++;
        for (const listener of this.listeners) listener(receipt);
      }
    });
  }

  /** `host` names the receiver in every delivery's URL: an address, or a name each attempt resolves. */
  static async start(secret: string, host: string): Promise<ReceiverClient> {
    const file = join(__dirname, '..', `receiver.process${extname(__filename)}`);
    const { child, ready } = await forkReady<Extract<ReceiverMessage, { type: 'ready' }>>(file, {
      env: { ...process.env, BENCH_SECRET: secret },
    });
    return new ReceiverClient(child, `http://${host}:${ready.okPort}`, `http://${host}:${ready.hangPort}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Calls `listener` for every receipt until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): Promise<void> {
    return stopChild(this.child, { graceMs: 5_000 });
  }
}
