import { createHmac } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@hookpost/core';
import { Client } from 'pg';
import { relayDelivered } from '../bench/support/durable-relay-log';
import { eventBody } from '../bench/support/event-body';
import { RelayClient } from '../bench/support/relay-client';
import { eventually, Receiver } from './support/receiver';
import { uniqueNames } from './support/test-app';

// The bench's durable relay is a baseline Hookpost is measured against: it must do the storage it
// claims to (the event stored before the 202, the outcome recorded after the delivery), no more.
describe('bench: the durable relay', () => {
  const secret = 'bench-test-secret';
  const token = 'bench-test-token-0123456789';
  const { databaseUrl } = uniqueNames();
  let receiver: Receiver;
  let relay: RelayClient;
  let db: Client;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    receiver = await Receiver.start(() => ({ status: 200, body: 'ok' }));
    // The relay is TypeScript, run under the loader `npm run bench` runs it with.
    const loader = '-r ts-node/register/transpile-only -r tsconfig-paths/register';
    const nodeOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${nodeOptions ?? ''} ${loader}`.trim();
    try {
      relay = await RelayClient.start(receiver.url, secret, token, databaseUrl);
    } finally {
      if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = nodeOptions;
    }
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await receiver?.close();
    await db?.end();
    await dropDatabase(databaseUrl);
  });

  it('stores the event before its 202, then delivers it signed and records the outcome', async () => {
    const event = eventBody({ key: 'durable-1', clientCuid: 'bench-client' });
    const response = await fetch(`${relay.url}/api/internal/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(202);
    const { cuid } = (await response.json()) as { cuid: string };
    const stored = await db.query('select event from bench_relay_event where cuid = $1', [cuid]);
    expect(stored.rows).toEqual([{ event: JSON.stringify(event) }]);

    const [delivered] = await receiver.waitFor(1);
    expect(JSON.parse(delivered.body)).toMatchObject({ cuid, targetCuid: 'durable-1' });
    const signature = createHmac('sha256', secret).update(delivered.body).digest('hex');
    expect(delivered.headers['x-authorization-hmac-256']).toBe(signature);
    await eventually(async () => (await relayDelivered(db)) === 1);
    const recorded = await db.query(
      'select status_code, delivered_at from bench_relay_event where cuid = $1',
      [cuid],
    );
    expect(recorded.rows[0].status_code).toBe(200);
    expect(recorded.rows[0].delivered_at).toBeInstanceOf(Date);
  });

  it('counts only deliveries the receiver accepted', async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const response = await fetch(`${relay.url}/api/internal/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(eventBody({ key: 'durable-2', clientCuid: 'bench-client' })),
    });
    expect(response.status).toBe(202);
    await eventually(async () => {
      const { rows } = await db.query(
        'select count(*)::int as n from bench_relay_event where status_code = 500',
      );
      return rows[0].n === 1;
    });
    expect(await relayDelivered(db)).toBe(1);
  });

  it('refuses a request without the token, storing nothing', async () => {
    const response = await fetch(`${relay.url}/api/internal/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    const { rows } = await db.query('select count(*)::int as n from bench_relay_event');
    expect(rows[0].n).toBe(2);
  });
});
