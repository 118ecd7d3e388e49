import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { eventually, Receiver, type Received } from './support/receiver';
import { ServerProcess } from './support/server-process';
import {
  cleanUp,
  serverProcessEnv,
  startTestApp,
  TEST_TOKEN,
  TestApp,
  uniqueNames,
} from './support/test-app';

const KEYS_PATH = '/.well-known/hookpost-signing-keys';
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

interface PublishedKey {
  kid: string;
  alg: string;
  publicKey: string;
}

type VerifyHookpost = (headers: Received['headers'], rawBody: string, keysUrl: string) => Promise<boolean>;

/** The receiver of the README's "Signatures" section, run as written there. */
function readmeVerifier(): VerifyHookpost {
  const section = readFileSync(join(__dirname, '..', 'README.md'), 'utf8').split('\n## Signatures')[1];
  const code = /```js\n(const crypto = require\('node:crypto'\);[\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README: no node:crypto receiver in the Signatures section');
  return new Function('require', `${code}\nreturn verifyHookpost;`)(require) as VerifyHookpost;
}

/** Which published key, if any, verifies the delivery's v1a signature (node:crypto only). */
function verifyingKid(received: Received, keys: PublishedKey[]): string | null {
  const signed = Buffer.from(
    `${received.headers['webhook-id']}.${received.headers['webhook-timestamp']}.${received.body}`,
  );
  const v1a = String(received.headers['webhook-signature'])
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .map((entry) => Buffer.from(entry.slice(4), 'base64'));
  const match = keys.find(({ publicKey }) => {
    const key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, 'base64')]),
      format: 'der',
      type: 'spki',
    });
    return v1a.some((signature) => verify(null, signed, key, signature));
  });
  return match?.kid ?? null;
}

const kidOf = (publicKey: string) =>
  createHash('sha256')
    .update(Buffer.from(publicKey, 'base64'))
    .digest()
    .subarray(0, 12)
    .toString('base64url');

describe('Ed25519 signatures and the published signing keys', () => {
  // The first key as a seed, the second as PKCS#8 DER: both forms HOOKPOST_SIGNING_KEY takes.
  const firstKey = randomBytes(32).toString('base64');
  const secondKey = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'der', type: 'pkcs8' })
    .toString('base64');
  const verifyHookpost = readmeVerifier();
  let t: TestApp;
  let receiver: Receiver;
  let webhookCuid: string;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ HOOKPOST_SIGNING_KEY: firstKey });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const keysUrl = () => `${t.baseUrl}${KEYS_PATH}`;
  async function publishedKeys(): Promise<PublishedKey[]> {
    const res = await fetch(keysUrl());
    expect(res.status).toBe(200);
    return ((await res.json()) as { keys: PublishedKey[] }).keys;
  }
  async function deliver(targetCuid: string): Promise<Received> {
    const before = receiver.requests.length;
    await t.api().post('/api/internal/events').send({ event: 'ReportPublished', targetCuid }).expect(202);
    const requests = await receiver.waitFor(before + 1);
    return requests[requests.length - 1];
  }

  it('publishes the current key without a token, cacheable for five minutes', async () => {
    const res = await fetch(keysUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const { keys } = (await res.json()) as { keys: PublishedKey[] };
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key).toEqual({ kid: kidOf(key.publicKey), alg: 'Ed25519', publicKey: expect.any(String) });
    expect(Buffer.from(key.publicKey, 'base64')).toHaveLength(32);
    const docs = await t.http.get('/docs/json').expect(200);
    expect(docs.body.paths[KEYS_PATH].get.security).toBeUndefined();
  });

  it('signs an ed25519 delivery with v1a only, verified with the published key', async () => {
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'ed', url: receiver.url, events: ['ReportPublished'], signatureScheme: 'ed25519' })
      .expect(201);
    expect(created.body.signatureScheme).toBe('ed25519');
    webhookCuid = created.body.cuid;

    const received = await deliver('report-1');
    expect(received.headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(received.headers['x-authorization-hmac-256']).toBeUndefined();
    const keys = await publishedKeys();
    expect(verifyingKid(received, keys)).toBe(keys[0].kid);
    await expect(verifyHookpost(received.headers, received.body, keysUrl())).resolves.toBe(true);
    await expect(verifyHookpost(received.headers, received.body + ' ', keysUrl())).resolves.toBe(false);
  });

  it('sends v1a and the HMAC signatures together when the webhook also has a secret', async () => {
    const secret = 'ed-and-hmac-secret-0001';
    await t.api().patch(`/api/internal/webhooks/${webhookCuid}`).send({ secret }).expect(200);
    const received = await deliver('report-2');
    const kinds = String(received.headers['webhook-signature'])
      .split(' ')
      .map((entry) => entry.split(',')[0]);
    expect(kinds).toEqual(['v1a', 'v1']);
    expect(received.headers['x-authorization-hmac-256']).toBe(
      createHmac('sha256', secret).update(received.body).digest('hex'),
    );
    expect(() =>
      new Webhook(Buffer.from(secret).toString('base64')).verify(
        received.body,
        received.headers as Record<string, string>,
      ),
    ).not.toThrow();
    await expect(verifyHookpost(received.headers, received.body, keysUrl())).resolves.toBe(true);
    await t.api().patch(`/api/internal/webhooks/${webhookCuid}`).send({ secret: null }).expect(200);
  });

  it('leaves an hmac webhook without a secret unsigned, as before', async () => {
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'plain', url: `${receiver.url}/plain`, events: ['FindingPublished'] })
      .expect(201);
    expect(created.body.signatureScheme).toBe('hmac');
    const before = receiver.requests.length;
    await t
      .api()
      .post('/api/internal/events')
      .send({ event: 'FindingPublished', targetCuid: 'finding-1' })
      .expect(202);
    const [received] = (await receiver.waitFor(before + 1)).slice(before);
    expect(received.path).toBe('/plain');
    expect(received.headers['webhook-id']).toBeDefined();
    expect(received.headers['webhook-signature']).toBeUndefined();
    await t.api().delete(`/api/internal/webhooks/${created.body.cuid}`).expect(204);
  });

  it('previews the v1a signature a delivery would carry', async () => {
    const res = await t
      .api()
      .post('/api/internal/webhooks/preview')
      .send({ type: 'http', event: 'ReportPublished', signatureScheme: 'ed25519' })
      .expect(200);
    const preview = { headers: res.body.headers, body: res.body.body } as Received;
    expect(verifyingKid(preview, await publishedKeys())).not.toBeNull();
    const hmac = await t
      .api()
      .post('/api/internal/webhooks/preview')
      .send({ type: 'http', event: 'ReportPublished' })
      .expect(200);
    expect(hmac.body.headers['webhook-signature']).toBeUndefined();
  });

  it('after a rotation publishes both keys and signs with the new one; a key retired over 7 days ago goes', async () => {
    const [first] = await publishedKeys();
    const signedBefore = receiver.requests.find((request) => request.headers['webhook-signature']);
    const { databaseUrl, queuePrefix } = t.config;
    await t.close({ keepData: true });
    t = await startTestApp({
      DATABASE_URL: databaseUrl,
      HOOKPOST_QUEUE_PREFIX: queuePrefix,
      HOOKPOST_SIGNING_KEY: secondKey,
    });

    const keys = await publishedKeys();
    expect(keys.map((key) => key.kid)).toEqual([expect.any(String), first.kid]);
    const second = keys[0];
    expect(second.kid).not.toBe(first.kid);
    expect(second.kid).toBe(kidOf(second.publicKey));

    const after = await deliver('report-3');
    expect(verifyingKid(after, keys)).toBe(second.kid);
    expect(verifyingKid(after, [first])).toBeNull();
    await expect(verifyHookpost(after.headers, after.body, keysUrl())).resolves.toBe(true);
    // A delivery signed before the rotation still verifies against what is published.
    expect(verifyingKid(signedBefore!, keys)).toBe(first.kid);

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const retire = (interval: string) =>
        db.query(`update signing_key set retired_at = now() - interval '${interval}' where kid = $1`, [
          first.kid,
        ]);
      await retire('6 days 23 hours');
      expect((await publishedKeys()).map((key) => key.kid)).toEqual([second.kid, first.kid]);
      await retire('7 days 1 minute');
      expect((await publishedKeys()).map((key) => key.kid)).toEqual([second.kid]);
      // Retired, not forgotten: the table keeps every key the server has signed with.
      const { rows } = await db.query('select kid, retired_at from signing_key order by created_at');
      expect(rows.map((row) => row.kid)).toEqual([first.kid, second.kid]);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('refuses a bad signatureScheme with a 400 naming the field', async () => {
    const base = { name: 'bad', url: receiver.url, events: ['ReportPublished'] };
    for (const signatureScheme of ['rsa', 'ED25519', null, 7, ['hmac']]) {
      const res = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...base, signatureScheme })
        .expect(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(/^signatureScheme must be one of/)]),
      );
    }
    const patched = await t
      .api()
      .patch(`/api/internal/webhooks/${webhookCuid}`)
      .send({ signatureScheme: 'none' })
      .expect(400);
    expect(patched.body.message).toEqual([expect.stringMatching(/^signatureScheme /)]);
    const preview = await t
      .api()
      .post('/api/internal/webhooks/preview')
      .send({ type: 'http', event: 'ReportPublished', signatureScheme: 'v1a' })
      .expect(400);
    expect(preview.body.message).toEqual([expect.stringMatching(/^signatureScheme /)]);
  });

  it('switches a webhook back to hmac with a patch: without a secret, unsigned again', async () => {
    const switched = await t
      .api()
      .patch(`/api/internal/webhooks/${webhookCuid}`)
      .send({ signatureScheme: 'hmac' })
      .expect(200);
    expect(switched.body.signatureScheme).toBe('hmac');
    expect(
      (await t.api().get(`/api/internal/webhooks/${webhookCuid}`).expect(200)).body.signatureScheme,
    ).toBe('hmac');
    const received = await deliver('report-4');
    expect(received.headers['webhook-signature']).toBeUndefined();
  });
});

/**
 * Generated secrets, against the real entry point so its log output can be searched: the one
 * response that creates a secret shows it, and nothing else ever does.
 */
describe('Generated secrets', () => {
  const names = uniqueNames();
  let server: ServerProcess;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await Receiver.start();
    server = await ServerProcess.start({
      ...serverProcessEnv(names),
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await cleanUp(names);
  });

  async function api(method: string, path: string, body?: object) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
  }

  /** Every place a secret could reappear: the webhook, the list, its logs and the server's output. */
  async function everywhereElse(cuid: string): Promise<string> {
    const [one, list, logs] = await Promise.all([
      api('GET', `/api/internal/webhooks/${cuid}`),
      api('GET', '/api/internal/webhooks'),
      api('GET', `/api/internal/webhooks/${cuid}/logs`),
    ]);
    expect([one.status, list.status, logs.status]).toEqual([200, 200, 200]);
    // The requests that carried and returned the secret were logged, so their lines are searched too.
    expect(server.output).toMatch(/"method":"(POST|PATCH)","url":"\/api\/internal\/webhooks/);
    expect(one.body.generatedSecret).toBeUndefined();
    expect(one.body.hasSecret).toBe(true);
    expect(one.body.secret).toMatch(/^••••/);
    return [one.text, list.text, logs.text, server.output].join('\n');
  }

  it('shows a created secret once, and deliveries verify with it', async () => {
    const created = await api('POST', '/api/internal/webhooks', {
      name: 'generated',
      url: receiver.url,
      events: ['ReportPublished'],
      secret: 'generate',
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.generatedSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.body.secret).toBe(`••••${secret.slice(-4)}`);

    const event = await api('POST', '/api/internal/events', { event: 'ReportPublished', targetCuid: 'r1' });
    expect(event.status).toBe(202);
    const [received] = await receiver.waitFor(1);
    expect(received.headers['x-authorization-hmac-256']).toBe(
      createHmac('sha256', secret).update(received.body).digest('hex'),
    );
    expect(() =>
      new Webhook(secret).verify(received.body, received.headers as Record<string, string>),
    ).not.toThrow();

    await eventually(async () => server.output.includes('"outcome":"succeeded"'), 10_000);
    const elsewhere = await everywhereElse(created.body.cuid);
    expect(elsewhere).not.toContain(secret);
    expect(elsewhere).not.toContain(secret.slice(6));

    // A patch that does not ask for a new secret shows none.
    const renamed = await api('PATCH', `/api/internal/webhooks/${created.body.cuid}`, { name: 'renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.generatedSecret).toBeUndefined();
    expect(renamed.text).not.toContain(secret);
  });

  it('shows a secret generated by a patch once; the previous one keeps signing for 24 h', async () => {
    const [{ cuid }] = (await api('GET', '/api/internal/webhooks')).body;
    const patched = await api('PATCH', `/api/internal/webhooks/${cuid}`, { secret: 'generate' });
    expect(patched.status).toBe(200);
    const secret: string = patched.body.generatedSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const event = await api('POST', '/api/internal/events', { event: 'ReportPublished', targetCuid: 'r2' });
    expect(event.status).toBe(202);
    const received = (await receiver.waitFor(2))[1];
    expect(String(received.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(received.headers['x-authorization-hmac-256']).toBe(
      createHmac('sha256', secret).update(received.body).digest('hex'),
    );
    expect(() =>
      new Webhook(secret).verify(received.body, received.headers as Record<string, string>),
    ).not.toThrow();

    await eventually(async () => (server.output.match(/"outcome":"succeeded"/g) ?? []).length >= 2, 10_000);
    const elsewhere = await everywhereElse(cuid);
    expect(elsewhere).not.toContain(secret);
    expect(elsewhere).not.toContain(secret.slice(6));
  });

  it('is refused by the unsaved connection test, which saves nothing', async () => {
    const res = await api('POST', '/api/internal/webhooks/test', { url: receiver.url, secret: 'generate' });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([expect.stringMatching(/^secret "generate" /)]);
  });
});
