import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body: string;
}

export interface ReceiverStats {
  requests: number;
  /** Distinct deliveries (by `webhook-id`) this receiver accepted. */
  delivered: number;
  /** Error answers given on purpose; each makes Hookpost retry. */
  refused: number;
  signaturesVerified: number;
  signaturesFailed: number;
}

interface ReceiverOptions {
  name: string;
  /** The endpoint's path, shaped like the real service's URLs. */
  path: string;
  answer: (deliveryId: string, attempt: number) => Answer;
  /** When set, every request must carry a valid `X-Authorization-HMAC-256` for this secret. */
  secret?: string;
}

/** A local stand-in for a webhook destination that keeps score of what it received. */
export class DemoReceiver {
  readonly stats: ReceiverStats = {
    requests: 0,
    delivered: 0,
    refused: 0,
    signaturesVerified: 0,
    signaturesFailed: 0,
  };
  private readonly accepted = new Set<string>();
  private readonly server: Server;

  private constructor(private readonly options: ReceiverOptions) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  static async start(options: ReceiverOptions): Promise<DemoReceiver> {
    const receiver = new DemoReceiver(options);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.options.path}`;
  }

  get verifiesSignatures(): boolean {
    return this.options.secret !== undefined;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      this.stats.requests++;
      if (this.options.secret !== undefined) {
        if (signatureMatches(this.options.secret, body, req.headers['x-authorization-hmac-256'])) {
          this.stats.signaturesVerified++;
        } else {
          this.stats.signaturesFailed++;
          res.writeHead(401).end('bad signature');
          return;
        }
      }
      const deliveryId = String(req.headers['webhook-id']);
      const answer = this.options.answer(deliveryId, Number(req.headers['x-hookpost-attempt'] ?? 1));
      if (answer.status < 300) {
        if (!this.accepted.has(deliveryId)) this.stats.delivered++;
        this.accepted.add(deliveryId);
      } else {
        this.stats.refused++;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  }
}

/** What a subscriber does with Hookpost's signature: HMAC-SHA256 of the raw body, hex, compared in constant time. */
function signatureMatches(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * One delivery in `every` fails its first attempt: the 1st, the (every + 1)th… first attempt this
 * receiver sees. Counted, not drawn from the delivery's random id, so every run shows retries.
 */
export function everyNthFirstAttemptFails(every: number): (attempt: number) => boolean {
  let firstAttempts = 0;
  return (attempt) => attempt === 1 && firstAttempts++ % every === 0;
}
