import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  path: string;
  at: number;
}

/** What the receiver answers for the n-th request (0-based), after `delayMs` if given; `hang` never answers. */
export type Reply =
  { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | 'hang';
export type Responder = (request: Received, index: number) => Reply;

/** A real HTTP server on 127.0.0.1 that records every request and answers as told. */
export class Receiver {
  readonly requests: Received[] = [];
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(private responder: Responder = () => ({ status: 200, body: 'ok' })) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  static async start(responder?: Responder): Promise<Receiver> {
    const receiver = new Receiver(responder);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 20_000): Promise<Received[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`expected ${count} requests within ${timeoutMs} ms, got ${this.requests.length}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.requests);
        },
      });
    });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '/',
        at: Date.now(),
      };
      const index = this.requests.push(received) - 1;
      const reply = this.responder(received, index);
      if (reply === 'hang') this.hanging.add(res);
      else if (reply.delayMs) {
        this.hanging.add(res); // closed with the receiver if it is still waiting
        setTimeout(() => res.writeHead(reply.status, reply.headers).end(reply.body ?? ''), reply.delayMs);
      } else res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
      this.waiters = this.waiters.filter((waiter) => {
        if (this.requests.length < waiter.count) return true;
        waiter.resolve();
        return false;
      });
    });
  }
}

/** Polls `probe` until it returns a truthy value; for state that settles asynchronously. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
