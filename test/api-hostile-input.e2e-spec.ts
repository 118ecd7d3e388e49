import fc from 'fast-check';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every route against the classes of input that used to reach PostgreSQL or the stack unguarded:
 * control characters, lone UTF-16 surrogates, deep nesting, oversized bodies and unknown fields,
 * in bodies, paths and query strings. None may answer 5xx (DESIGN §4).
 */

/** C0 and C1 control characters (NUL first among them) mixed with ordinary letters. */
const CONTROL = fc
  .array(
    fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }), fc.constant(0x61)),
    {
      minLength: 1,
      maxLength: 20,
    },
  )
  .map((codes) => String.fromCharCode(...codes));
const SURROGATES = fc
  .array(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', 'a', '🚀', '\ud83d\ude80'), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));
const text = fc.oneof(CONTROL, SURROGATES, fc.string({ unit: 'binary', maxLength: 30 }));

const OVERSIZED = 'x'.repeat(1024 * 1024 + 10);

/** A value nested `depth` levels, alternating objects and arrays. */
const nested = fc.integer({ min: 20, max: 3000 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { deeper: value };
  return value;
});
const unknownFields = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), {
  minKeys: 1,
  maxKeys: 4,
});
const value = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: unknownFields },
  { weight: 1, arbitrary: fc.constant(OVERSIZED) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

/** A valid-looking body for the route with some fields (or nested context fields) replaced or added. */
function mutated(base: Record<string, unknown>, paths: string[]) {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...paths), fc.string({ maxLength: 10 })), value), {
      minLength: 1,
      maxLength: 4,
    })
    .map((changes) => {
      const body = structuredClone(base);
      for (const [path, replacement] of changes) set(body, path.split('.'), replacement);
      return body;
    });
}

function set(target: Record<string, unknown>, [head, ...rest]: string[], replacement: unknown): void {
  if (rest.length === 0) {
    target[head] = replacement;
    return;
  }
  const next = target[head];
  const child = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
  target[head] = child;
  set(child as Record<string, unknown>, rest, replacement);
}

/** Percent-encodes as a browser would, and spells lone surrogates as the invalid UTF-8 a hostile client sends. */
function encodePath(segment: string): string {
  return [...segment]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (code >= 0xd800 && code <= 0xdfff) return `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16)}%80`;
      return encodeURIComponent(char);
    })
    .join('');
}

const RAW_SEGMENTS = ['%00', '%ED%A0%80', '%C0%80', '%FF', '%E2%80%AE', '..%2F..%2Fetc', '%25', 'a%0Ab'];
const segment = fc.oneof(
  fc.constantFrom(...RAW_SEGMENTS),
  text.map((t) => encodePath(t) || 'x'),
);

describe('Every route under hostile input', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhook: string;
  const statuses = new Map<string, number[]>();

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await Receiver.start();
    webhook = (
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({ name: 'target', url: receiver.url, events: ['ReportPublished'] })
        .expect(201)
    ).body.cuid;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  function record(route: string, status: number, sent: unknown): void {
    statuses.set(route, [...(statuses.get(route) ?? []), status]);
    if (status >= 500) {
      const shown = typeof sent === 'string' ? sent : JSON.stringify(sent);
      throw new Error(`${route} answered ${status} to ${shown?.slice(0, 300)}`);
    }
  }

  const send = (method: 'post' | 'patch', path: string, body: unknown) => {
    const api = t.api();
    return api[method](path)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body) ?? 'null');
  };

  const bodyRoutes: [string, 'post' | 'patch', () => string, Record<string, unknown>, string[]][] = [
    [
      'POST /events',
      'post',
      () => '/api/internal/events',
      {
        event: 'ReportPublished',
        targetCuid: 'r1',
        clientCuid: 'c1',
        context: {
          client: { name: 'Acme' },
          report: { name: 'R', customFields: [{ label: 'L', value: 'V' }] },
        },
      },
      [
        'event',
        'targetCuid',
        'clientCuid',
        'status',
        'context.client.name',
        'context.report.name',
        'context.report.customFields',
        'context.finding.title',
        'context.finding',
        'context.extra',
      ],
    ],
    [
      'POST /webhooks',
      'post',
      () => '/api/internal/webhooks',
      { name: 'n', url: 'https://example.com/h', events: ['ReportPublished'] },
      ['name', 'url', 'secret', 'message', 'events', 'clientCuids', 'statuses', 'type', 'signatureScheme'],
    ],
    [
      'PATCH /webhooks/:cuid',
      'patch',
      () => `/api/internal/webhooks/${webhook}`,
      { name: 'n' },
      ['name', 'message', 'secret', 'clientCuids', 'enabled', 'signatureScheme'],
    ],
    [
      'POST /webhooks/preview',
      'post',
      () => '/api/internal/webhooks/preview',
      { type: 'slack', event: 'ReportPublished', message: '%CLIENT_NAME%' },
      ['type', 'event', 'message', 'url', 'signatureScheme'],
    ],
    [
      'POST /webhooks/test',
      'post',
      () => '/api/internal/webhooks/test',
      { url: 'http://127.0.0.1:1/h' },
      ['url', 'type', 'secret', 'message', 'sslVerification', 'signatureScheme'],
    ],
    [
      'POST /webhooks/:cuid/recover',
      'post',
      () => `/api/internal/webhooks/${webhook}/recover`,
      { since: '2020-01-01T00:00:00Z' },
      ['since'],
    ],
  ];

  it.each(bodyRoutes)('%s: 40 hostile bodies, never 5xx', async (route, method, path, base, paths) => {
    // Besides the random ones: the untouched body, and one over the 1 MiB limit.
    const examples: [Record<string, unknown>][] = [[base], [{ ...base, [paths[0]]: OVERSIZED }]];
    await fc.assert(
      fc.asyncProperty(mutated(base, paths), async (body) => {
        const res = await send(method, path(), body);
        record(route, res.status, body);
      }),
      { numRuns: 40, examples },
    );
  });

  it('path and query parameters of every route: 40 hostile values each, never 5xx', async () => {
    const routes: [string, (s: string) => [method: 'get' | 'post' | 'delete', path: string]][] = [
      [
        'GET /webhooks?filters',
        (s) => ['get', `/api/internal/webhooks?event=${s}&clientCuid=${s}&enabled=${s}`],
      ],
      ['GET /webhooks/:cuid', (s) => ['get', `/api/internal/webhooks/${s}`]],
      ['DELETE /webhooks/:cuid', (s) => ['delete', `/api/internal/webhooks/${s}`]],
      ['POST /webhooks/:cuid/test', (s) => ['post', `/api/internal/webhooks/${s}/test`]],
      ['GET /webhooks/:cuid/logs', (s) => ['get', `/api/internal/webhooks/${s}/logs?cursor=${s}&event=${s}`]],
      [
        'GET logs?query',
        (s) => ['get', `/api/internal/webhooks/${webhook}/logs?cursor=${s}&status=${s}&limit=${s}`],
      ],
      ['POST redeliver', (s) => ['post', `/api/internal/webhooks/${webhook}/deliveries/${s}/redeliver`]],
      [
        'GET /deliveries?query',
        (s) => [
          'get',
          `/api/internal/deliveries?webhookCuid=${s}&event=${s}&status=${s}&since=${s}&until=${s}&cursor=${s}&limit=${s}`,
        ],
      ],
      ['GET /stats?query', (s) => ['get', `/api/internal/stats?since=${s}&until=${s}&bucket=${s}`]],
      ['GET /webhookevents?q', (s) => ['get', `/api/internal/webhookevents?x=${s}`]],
      ['GET /connectors?q', (s) => ['get', `/api/internal/connectors?x=${s}`]],
      ['GET /admin/*', (s) => ['get', `/admin/${s}`]],
      ['GET /health?q', (s) => ['get', `/health?x=${s}`]],
      ['GET signing keys?q', (s) => ['get', `/.well-known/hookpost-signing-keys?x=${s}`]],
    ];
    for (const [route, request] of routes) {
      await fc.assert(
        fc.asyncProperty(segment, async (s) => {
          const [method, path] = request(s);
          const res = await t.api()[method](path);
          record(route, res.status, path);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('mostly refused the input, and said so with 4xx', () => {
    const all = [...statuses.values()].flat();
    const counts = Object.fromEntries(
      [...statuses].map(([route, list]) => [
        route,
        `${list.length} (${list.filter((s) => s >= 400).length} 4xx)`,
      ]),
    );
    console.log(`hostile input: ${all.length} requests, 0 answered 5xx\n${JSON.stringify(counts, null, 2)}`);
    expect(all.length).toBeGreaterThanOrEqual(19 * 40);
    expect(all.filter((s) => s >= 400).length).toBeGreaterThan(all.length / 3);
    expect(statuses.get('POST /events')).toEqual(expect.arrayContaining([202, 413]));
    expect(statuses.get('POST /webhooks')).toEqual(expect.arrayContaining([201, 413]));
  });
});
