import fc from 'fast-check';
import { startTestApp, TestApp } from './support/test-app';

const FIELDS = [
  'name',
  'type',
  'url',
  'secret',
  'sslVerification',
  'events',
  'clientCuids',
  'statuses',
  'enabled',
  'message',
];

/** Any JSON value, biased towards the shapes that break validators: wrong types, nulls, huge strings. */
const nasty = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ minLength: 5000, maxLength: 300_000 }),
  fc.constantFrom(
    'ReportPublished',
    'slack',
    'http://10.0.0.1/',
    'https://example.com/h',
    '{{#if}}',
    '%CLIENT_NAME%',
  ),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 5 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'a', 'prototype'), fc.jsonValue(), {
    maxKeys: 3,
  }),
  fc.jsonValue(),
);

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'cuid', 'x'), nasty, { maxKeys: 10 }),
  fc.record({ name: nasty, url: nasty, events: nasty }, { requiredKeys: [] }),
  nasty,
);

/** Raw text that is often not JSON at all. */
const rawText = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
  fc.constantFrom(
    '{"__proto__":{"polluted":1},"name":"x"}',
    '{"name":"\\ud800"}',
    '{',
    '[]',
    'null',
    '1e999999',
  ),
);

describe('Webhook API under random and malformed input', () => {
  let t: TestApp;
  let cuid: string;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'fuzz target', url: 'https://example.com/h', events: ['ReportPublished'] })
      .expect(201);
    cuid = res.body.cuid;
  });
  afterAll(() => t.close());

  const statuses: number[] = [];
  const noServerError = (status: number, sent: unknown) => {
    statuses.push(status);
    if (status >= 500) throw new Error(`HTTP ${status} for ${JSON.stringify(sent)?.slice(0, 300)}`);
  };

  it('never answers 5xx to 150 random JSON bodies on create and update', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (value, create) => {
        const req = create
          ? t.api().post('/api/internal/webhooks')
          : t.api().patch(`/api/internal/webhooks/${cuid}`);
        const res = await req
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(value) ?? 'undefined');
        noServerError(res.status, value);
        expect([200, 201, 400, 413]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to 150 raw, mostly malformed payloads', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawText,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1'),
        async (text, type) => {
          const res = await t.api().post('/api/internal/webhooks').set('Content-Type', type).send(text);
          noServerError(res.status, text);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to random query strings and path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (query, param) => {
        const list = await t
          .api()
          .get(
            `/api/internal/webhooks?event=${encodeURIComponent(query)}&clientCuid=${encodeURIComponent(param)}`,
          );
        noServerError(list.status, query);
        const one = await t.api().get(`/api/internal/webhooks/${encodeURIComponent(param || 'x')}`);
        noServerError(one.status, param);
      }),
      { numRuns: 50 },
    );
  });

  it('sent over 300 bodies, most of which the validators refused', () => {
    expect(statuses.length).toBeGreaterThanOrEqual(350);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(statuses.length / 2);
  });
});
