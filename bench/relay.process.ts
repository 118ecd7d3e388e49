/**
 * The zero-work relay: the least a webhook relay can do with an event, as a baseline for Hookpost in
 * the same run. It takes the same intake request (`POST /api/internal/events`, bearer token checked),
 * builds the PlexTrac-like payload, signs it like Hookpost does and posts it to the receiver over
 * keep-alive connections. No storage, no queue, no retry, no framework: plain `node:http` and undici.
 * It answers 202 once the receiver has answered: with no queue there is nowhere to keep an event it has
 * not delivered, and the load generator's in-flight limit then bounds the outgoing requests too.
 *
 * Given `BENCH_RELAY_DATABASE_URL`, it is the durable relay instead: it stores the event before its
 * 202 and records the delivery after it (`support/durable-relay-log.ts`), as Hookpost does, and
 * nothing more. Forked by `support/relay-client.ts`; exits when the parent closes the IPC channel.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { DurableRelayLog } from './support/durable-relay-log';
import type { EventBody } from './support/event-body';
import { signedDelivery } from './support/signed-delivery';

const {
  BENCH_SECRET: secret = '',
  BENCH_TOKEN: token = '',
  BENCH_RECEIVER_URL: receiverUrl = '',
  BENCH_RELAY_DATABASE_URL: databaseUrl,
} = process.env;
const expectedAuthorization = `Bearer ${token}`;
// More connections than any in-flight setting the bench uses: the pool opens only what it needs.
const receiver = new Pool(receiverUrl, { connections: 256, pipelining: 1 });
/** The durable relay's storage; none for the zero-work relay. */
let log: DurableRelayLog | undefined;

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST' || req.url !== '/api/internal/events') return answer(res, 404, {});
  if (req.headers.authorization !== expectedAuthorization) return answer(res, 401, {});
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const event = JSON.parse(text) as EventBody;
  const { body, headers } = signedDelivery(event, secret, 'Hookpost-bench-relay');
  const cuid = headers['webhook-id'];
  if (log) {
    await log.store(cuid, text);
    answer(res, 202, { cuid, deliveries: 1 });
  }
  const response = await receiver.request({ method: 'POST', path: '/relay', headers, body });
  await response.body.text(); // read to the end, so the connection goes back to the pool
  if (log) return log.record(cuid, response.statusCode);
  if (response.statusCode >= 300) return answer(res, 502, { receiverStatus: response.statusCode });
  answer(res, 202, { cuid, deliveries: 1 });
}

const server = createServer((req, res) => {
  relay(req, res).catch((error: Error) => {
    if (res.headersSent) console.error(`relay: ${error.message}`);
    else answer(res, 500, { message: error.message });
  });
});
server.keepAliveTimeout = 60_000;

// Exit with the parent (also on its crash or Ctrl-C) so no relay is left behind.
process.on('disconnect', () => {
  server.close();
  void Promise.allSettled([receiver.destroy(), log?.close()]).finally(() => process.exit(0));
});

void (async () => {
  if (databaseUrl) log = await DurableRelayLog.open(databaseUrl);
  server.listen(0, '127.0.0.1', () =>
    process.send!({ type: 'ready', port: (server.address() as AddressInfo).port }),
  );
})();
