import { createHmac } from 'node:crypto';
import { Pool } from 'undici';
import type { BenchContext } from '../support/context';
import { eventBody } from '../support/emitter';
import { progress, step } from '../support/progress';
import { ReceiptLog } from '../support/receipts';
import { paced, percentiles, Percentiles, round, wallNow, withConcurrency } from '../support/stats';

/**
 * What the hardware allows with no service in between: a plain undici client posting bodies shaped
 * and signed like Hookpost's (the same headers, both HMACs computed per request) to the same receiver.
 */
export interface RawThroughput {
  requests: number;
  concurrency: number;
  seconds: number;
  requestsPerSecond: number;
  failures: number;
}

export interface RawLatency {
  rate: number;
  seconds: number;
  latencyMs: Percentiles;
  missing: number;
}

function signedRequest(secret: string, key: string, clientCuid: string) {
  const event = eventBody({ key, clientCuid });
  const cuid = `raw${key}`;
  const body = JSON.stringify({
    cuid,
    actorCuid: event.actorCuid,
    event: event.event,
    targetCuid: key,
    targetType: 'report',
    text: `Report published: ${event.context.client.name}||${event.context.report.name}`,
    clientId: event.clientId,
    reportId: event.reportId,
    status: event.status,
    occurredAt: new Date().toISOString(),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Hookpost/bench-baseline',
    'x-hookpost-event': event.event,
    'x-hookpost-attempt': '1',
    'webhook-id': cuid,
    'webhook-timestamp': String(timestamp),
    'x-authorization-hmac-256': createHmac('sha256', secret).update(body).digest('hex'),
    'webhook-signature': `v1,${createHmac('sha256', secret).update(`${cuid}.${timestamp}.${body}`).digest('base64')}`,
  };
  return { body, headers };
}

async function post(pool: Pool, secret: string, key: string, path: string): Promise<boolean> {
  const { body, headers } = signedRequest(secret, key, 'raw');
  const response = await pool.request({ method: 'POST', path, headers, body });
  await response.body.text(); // read like Hookpost does, so the connection is reusable
  return response.statusCode === 200;
}

export async function rawThroughput(context: BenchContext): Promise<RawThroughput> {
  const { options, receiver, secret } = context;
  const requests = options.throughputEvents;
  step(`Raw baseline: ${requests} signed posts, ${options.concurrency} in flight, plain undici`);
  const pool = new Pool(receiver.okUrl, { connections: options.concurrency, pipelining: 1 });
  const log = new ReceiptLog(receiver, 'rawtp-');
  let done = 0;
  let failures = 0;
  const stopProgress = progress('raw', () => `${done}/${requests} sent, ${log.unique} received`);
  const started = performance.now();
  await withConcurrency(requests, options.concurrency, async (index) => {
    const ok = await post(pool, secret, `rawtp-${index}`, '/raw').catch(() => false);
    if (!ok) failures++;
    done++;
  });
  const seconds = (performance.now() - started) / 1000;
  stopProgress();
  await log.waitForUnique(requests - failures, 5000);
  log.stop();
  await pool.close();
  return {
    requests,
    concurrency: options.concurrency,
    seconds: round(seconds, 2),
    requestsPerSecond: round(requests / seconds, 0),
    failures,
  };
}

export async function rawLatency(context: BenchContext): Promise<RawLatency> {
  const { options, receiver, secret } = context;
  const { latencyRate: rate, latencySeconds: seconds } = options;
  const count = Math.round(rate * seconds);
  step(`Raw baseline latency: ${rate}/s for ${seconds}s, plain undici`);
  const pool = new Pool(receiver.okUrl, { connections: options.concurrency, pipelining: 1 });
  const log = new ReceiptLog(receiver, 'rawlat-');
  const sentAt = new Array<number>(count);
  const stopProgress = progress('raw latency', () => `${log.unique}/${count} received`);
  const inFlight: Promise<unknown>[] = [];
  await paced(count, rate, (index) => {
    sentAt[index] = wallNow();
    inFlight.push(post(pool, secret, `rawlat-${index}`, '/raw').catch(() => false));
  });
  await Promise.all(inFlight);
  await log.waitForUnique(count, 5000);
  stopProgress();
  log.stop();
  await pool.close();
  const latencies = [...log.first].map(([key, at]) => at - sentAt[Number(key.slice(7))]);
  return { rate, seconds, latencyMs: percentiles(latencies), missing: count - log.first.size };
}
