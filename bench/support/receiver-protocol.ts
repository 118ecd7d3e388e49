/** Messages between the benchmark and its receiver process (`receiver.process.ts`). */

export interface Receipt {
  /** The payload's `targetCuid`: the benchmark puts its own event id there. */
  key: string;
  /** The payload's `reportId`: the benchmark's event serial, so a target's arrival order can be checked. */
  seq: number;
  /** The payload's `cuid` (one per delivery): duplicates mean a delivery arrived twice. */
  cuid: string;
  /** Wall-clock arrival time in ms (`performance.timeOrigin + performance.now()`). */
  at: number;
  port: 'ok' | 'hang';
  /** The X-Authorization-HMAC-256 header matched the body. */
  signed: boolean;
}

export type ReceiverMessage =
  { type: 'ready'; okPort: number; hangPort: number } | { type: 'receipts'; receipts: Receipt[] };
