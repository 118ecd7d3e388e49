/**
 * The benchmark's webhook receiver, run as its own process (forked by `support/receiver-client.ts`),
 * shared by Hookpost, the relay and the raw client in one run. It listens on two ports: a healthy one that answers 200 at once and a
 * "hang" one that never answers (a different origin, as a broken endpoint would be, so it does not
 * share the service's keep-alive pool with the healthy one).
 *
 * Each request is verified (X-Authorization-HMAC-256 over the exact body) and reported to the parent
 * over IPC in batches, with the receipt time on the shared wall clock (`timeOrigin + now()`, sub-ms).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceiverMessage, Receipt } from './support/receiver-protocol';

const secret = process.env.BENCH_SECRET ?? '';
const FLUSH_MS = 20;
let pending: Receipt[] = [];
const hanging = new Set<ServerResponse>();

const wallNow = () => performance.timeOrigin + performance.now();

function send(message: ReceiverMessage): void {
  if (process.connected) process.send!(message);
}

function collect(req: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => done(Buffer.concat(chunks)));
}

function receipt(req: IncomingMessage, body: Buffer, at: number, port: 'ok' | 'hang'): Receipt {
  const given = req.headers['x-authorization-hmac-256'];
  const expected = createHmac('sha256', secret).update(body).digest('hex');
  let key = '';
  let cuid = '';
  let seq = 0;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      targetCuid?: string;
      cuid?: string;
      reportId?: number;
    };
    key = parsed.targetCuid ?? '';
    cuid = parsed.cuid ?? '';
    seq = parsed.reportId ?? 0;
  } catch {
    // Counted as a bad signature below: the parent reports it.
  }
  return { key, cuid, seq, at, port, signed: given === expected && key !== '' };
}

const healthy = createServer((req, res) => {
  // The receipt time is taken when the request line arrives, before reading the body: what a
  // receiver "sees" first. The body is a few hundred bytes, so this differs by microseconds.
  const at = wallNow();
  collect(req, (body) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    pending.push(receipt(req, body, at, 'ok'));
  });
});

const hang = createServer((req, res) => {
  const at = wallNow();
  collect(req, (body) => {
    pending.push(receipt(req, body, at, 'hang'));
    hanging.add(res);
    res.on('close', () => hanging.delete(res)); // the service gave up (its timeout) and closed
  });
});
// Keep-alive sockets must not time out on their own: the service's timeout is what is measured.
for (const server of [healthy, hang]) {
  server.keepAliveTimeout = 60_000;
  server.requestTimeout = 0;
  server.headersTimeout = 0;
}

const flush = setInterval(() => {
  if (pending.length === 0) return;
  send({ type: 'receipts', receipts: pending });
  pending = [];
}, FLUSH_MS);

// Exit with the parent (also on its crash or Ctrl-C) so no receiver is left behind.
process.on('disconnect', () => {
  clearInterval(flush);
  for (const res of hanging) res.destroy();
  process.exit(0);
});

healthy.listen(0, '127.0.0.1', () =>
  hang.listen(0, '127.0.0.1', () =>
    send({
      type: 'ready',
      okPort: (healthy.address() as AddressInfo).port,
      hangPort: (hang.address() as AddressInfo).port,
    }),
  ),
);
