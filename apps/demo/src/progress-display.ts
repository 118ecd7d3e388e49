export interface ReceiverRow {
  receiver: string;
  type: string;
  /** Deliveries Hookpost created for this receiver's webhook. */
  expected: number;
  delivered: number;
  retried: number;
  failed: number;
  /** Verified / failed signatures; null for a receiver that checks none. */
  signatures: { verified: number; failed: number } | null;
}

export interface Progress {
  published: number;
  events: number;
  rows: ReceiverRow[];
}

/**
 * The demo's terminal output: one status line rewritten in place on a terminal (every few seconds
 * as plain lines when piped, so logs and CI output stay readable), then a summary table.
 */
export class ProgressDisplay {
  private readonly tty = Boolean(process.stdout.isTTY);
  private lastPlainLine = 0;

  update(progress: Progress): void {
    const line = statusLine(progress);
    if (this.tty) {
      process.stdout.write(`\r\x1b[2K${line.slice(0, (process.stdout.columns ?? 160) - 1)}`);
    } else if (Date.now() - this.lastPlainLine >= 2000) {
      this.lastPlainLine = Date.now();
      process.stdout.write(`${line}\n`);
    }
  }

  /** Ends the status line and prints the table. */
  summary(rows: ReceiverRow[]): void {
    if (this.tty) process.stdout.write('\n');
    const total: ReceiverRow = {
      receiver: 'total',
      type: '',
      expected: sum(rows, 'expected'),
      delivered: sum(rows, 'delivered'),
      retried: sum(rows, 'retried'),
      failed: sum(rows, 'failed'),
      signatures: null,
    };
    const table = [
      ['receiver', 'type', 'expected', 'delivered', 'retried', 'failed', 'signatures'],
      ...[...rows, total].map((row) => [
        row.receiver,
        row.type,
        String(row.expected),
        String(row.delivered),
        String(row.retried),
        String(row.failed),
        signatureCell(row),
      ]),
    ];
    const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
    const numeric = (column: number) => column >= 2 && column <= 5;
    const format = (cells: string[]) =>
      cells
        .map((cell, column) =>
          numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
        )
        .join('  ')
        .trimEnd();
    process.stdout.write(`\n${table.map(format).join('\n')}\n\n`);
  }
}

function statusLine({ published, events, rows }: Progress): string {
  const receivers = rows.map((row) => {
    const signatures = row.signatures ? ` sig ✓${row.signatures.verified}` : '';
    const failed = row.failed ? ` ✗${row.failed}` : '';
    return `${row.receiver} ${row.delivered}/${row.expected} ↻${row.retried}${failed}${signatures}`;
  });
  return [`events ${published}/${events}`, ...receivers].join(' │ ');
}

function signatureCell(row: ReceiverRow): string {
  if (!row.signatures) return row.receiver === 'total' ? '' : '-';
  const { verified, failed } = row.signatures;
  return failed ? `${verified} ok, ${failed} BAD` : `${verified} ok`;
}

function sum(rows: ReceiverRow[], key: 'expected' | 'delivered' | 'retried' | 'failed'): number {
  return rows.reduce((total, row) => total + row[key], 0);
}
