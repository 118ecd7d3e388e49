import { ChildProcess, fork } from 'node:child_process';
import { extname, join } from 'node:path';
import type { ReceiverMessage, Receipt } from './receiver-protocol';

type Listener = (receipt: Receipt) => void;

/**
 * The parent's handle on the receiver process: its URLs, every receipt (by key) and its CPU time.
 * Scenarios subscribe to receipts and wait for counts; bad signatures and duplicates are tallied.
 */
export class ReceiverClient {
  okUrl = '';
  hangUrl = '';
  badSignatures = 0;
  private listeners = new Set<Listener>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ReceiverMessage) => {
      if (message.type !== 'receipts') return;
      for (const receipt of message.receipts) {
        if (!receipt.signed && receipt.port === 'ok') this.badSignatures++;
        for (const listener of this.listeners) listener(receipt);
      }
    });
  }

  /** Forks `receiver.process` with the same loader flags as this process (ts-node or compiled JS). */
  static async start(secret: string): Promise<ReceiverClient> {
    const file = join(__dirname, '..', `receiver.process${extname(__filename)}`);
    const child = fork(file, [], { env: { ...process.env, BENCH_SECRET: secret }, stdio: 'inherit' });
    const client = new ReceiverClient(child);
    const ready = await new Promise<Extract<ReceiverMessage, { type: 'ready' }>>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`receiver exited early (code ${code})`)));
      child.on('message', (message: ReceiverMessage) => {
        if (message.type === 'ready') resolve(message);
      });
    });
    client.okUrl = `http://127.0.0.1:${ready.okPort}`;
    client.hangUrl = `http://127.0.0.1:${ready.hangPort}`;
    return client;
  }

  /** Calls `listener` for every receipt until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The receiver's CPU time so far (user + system, ms). */
  cpuMs(): Promise<number> {
    return new Promise((resolve) => {
      const onMessage = (message: ReceiverMessage) => {
        if (message.type !== 'usage') return;
        this.child.off('message', onMessage);
        resolve((message.cpu.user + message.cpu.system) / 1000);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'usage' });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null) this.child.kill();
  }
}
