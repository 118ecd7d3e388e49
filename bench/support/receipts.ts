import type { Receipt } from './receiver-protocol';
import type { ReceiverClient } from './receiver-client';
import { until } from './stats';

/**
 * Receipts for one scenario (those whose key starts with its prefix): first arrival per key,
 * arrivals per key, and duplicates (the same delivery cuid twice: at-least-once at work).
 */
export class ReceiptLog {
  readonly first = new Map<string, number>();
  readonly perKey = new Map<string, { count: number; lastAt: number }>();
  unique = 0;
  duplicates = 0;
  /** Arrival time of the latest first-arrival (the N-th unique receipt when waiting for N). */
  lastFirstAt = 0;
  private readonly seen = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(receiver: ReceiverClient, prefix: string, port: Receipt['port'] = 'ok') {
    this.unsubscribe = receiver.subscribe((receipt) => {
      if (receipt.port !== port || !receipt.key.startsWith(prefix)) return;
      const id = `${receipt.key}|${receipt.cuid}`;
      if (this.seen.has(id)) {
        this.duplicates++;
        return;
      }
      this.seen.add(id);
      this.unique++;
      this.lastFirstAt = Math.max(this.lastFirstAt, receipt.at);
      if (!this.first.has(receipt.key)) this.first.set(receipt.key, receipt.at);
      const entry = this.perKey.get(receipt.key) ?? { count: 0, lastAt: 0 };
      entry.count++;
      entry.lastAt = Math.max(entry.lastAt, receipt.at);
      this.perKey.set(receipt.key, entry);
    });
  }

  waitForUnique(count: number, timeoutMs: number): Promise<boolean> {
    return until(() => this.unique >= count, timeoutMs, 20);
  }

  stop(): void {
    this.unsubscribe();
  }
}
