import { execFileSync } from 'node:child_process';
import { startTestApp, TestApp, TEST_TOKEN } from './support/test-app';

const SECRET = 'plaintext-secret-value-3f9a';
const valid = () => ({
  name: 'Security channel',
  url: 'https://hooks.example.com/services/abc',
  events: ['ReportPublished'],
});

describe('Webhook configuration API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('authentication', () => {
    it.each([
      ['no header', undefined],
      ['a wrong token', 'Bearer wrong-token'],
      ['the right token without Bearer', TEST_TOKEN],
      ['Basic auth', `Basic ${Buffer.from(`admin:${TEST_TOKEN}`).toString('base64')}`],
    ])('refuses %s with 401 on every route', async (_label, header) => {
      const routes: [string, string][] = [
        ['get', '/api/internal/webhooks'],
        ['post', '/api/internal/webhooks'],
        ['get', '/api/internal/webhooks/abc'],
        ['patch', '/api/internal/webhooks/abc'],
        ['delete', '/api/internal/webhooks/abc'],
        ['get', '/api/internal/webhookevents'],
        ['get', '/api/internal/connectors'],
      ];
      for (const [method, path] of routes) {
        const req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](
          path,
        );
        const res = header ? await req.set('Authorization', header) : await req;
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
    });

    it('serves /health without a token and reports PostgreSQL and Redis', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info.postgresql.status).toBe('up');
      expect(res.body.info.redis.status).toBe('up');
    });

    it('serves the OpenAPI document generated from the DTOs', async () => {
      const res = await t.http.get('/docs/json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/internal/webhooks',
          '/api/internal/webhooks/{cuid}',
          '/api/internal/webhookevents',
        ]),
      );
      expect(res.body.components.schemas.CreateWebhookDto.required).toEqual(['name', 'url', 'events']);
    });
  });

  describe('catalogs', () => {
    it("lists the five PlexTrac events, then Hookpost's operational events, with their variables", async () => {
      const res = await t.api().get('/api/internal/webhookevents').expect(200);
      expect(res.body.map((e: { event: string }) => e.event)).toEqual([
        'ReportPublished',
        'ReportStatusChanged',
        'FindingPublished',
        'AssessmentSubmitted',
        'SchedulerEngagementSubmitted',
        'WebhookFailing',
        'WebhookDisabled',
        'DeliveryFailed',
      ]);
      const finding = res.body.find((e: { event: string }) => e.event === 'FindingPublished');
      expect(finding).toMatchObject({
        targetType: 'finding',
        name: expect.any(String),
        description: expect.any(String),
      });
      expect(finding.variables).toEqual(
        expect.arrayContaining(['FINDING_TITLE', 'CLIENT_NAME', 'REPORT_NAME']),
      );
    });

    it('lists the registered connectors with their metadata', async () => {
      const res = await t.api().get('/api/internal/connectors').expect(200);
      const types = res.body.map((c: { type: string }) => c.type);
      expect(types).toEqual(expect.arrayContaining(['http', 'slack', 'teams']));
      const slack = res.body.find((c: { type: string }) => c.type === 'slack');
      expect(slack).toEqual({
        type: 'slack',
        displayName: expect.stringMatching(/slack/i),
        description: expect.any(String),
        urlHint: expect.stringContaining('hooks.slack.com'),
        defaultMessage: expect.any(String),
      });
    });
  });

  describe('CRUD', () => {
    it('creates, reads, lists, updates and deletes a webhook', async () => {
      const created = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...valid(), secret: SECRET })
        .expect(201);
      expect(created.body).toMatchObject({
        cuid: expect.stringMatching(/^[a-z0-9]{20,32}$/),
        name: 'Security channel',
        type: 'http',
        url: 'https://hooks.example.com/services/abc',
        secret: '••••3f9a',
        hasSecret: true,
        sslVerification: true,
        events: ['ReportPublished'],
        clientCuids: [],
        statuses: [],
        enabled: true,
        message: expect.any(String),
        health: {
          consecutiveFailures: 0,
          lastAttemptAt: null,
          lastStatus: null,
          lastError: null,
          lastErrorAt: null,
          disabledReason: null,
        },
      });
      expect(JSON.stringify(created.body)).not.toContain(SECRET);
      const { cuid } = created.body;

      const read = await t.api().get(`/api/internal/webhooks/${cuid}`).expect(200);
      expect(read.body).toEqual({ ...created.body, warnings: undefined, updatedAt: read.body.updatedAt });

      const list = await t.api().get('/api/internal/webhooks').expect(200);
      expect(list.body.map((w: { cuid: string }) => w.cuid)).toContain(cuid);

      const patched = await t
        .api()
        .patch(`/api/internal/webhooks/${cuid}`)
        .send({ name: 'Renamed', enabled: false, clientCuids: ['client-a'] })
        .expect(200);
      expect(patched.body).toMatchObject({
        name: 'Renamed',
        enabled: false,
        clientCuids: ['client-a'],
        hasSecret: true,
      });

      const cleared = await t
        .api()
        .patch(`/api/internal/webhooks/${cuid}`)
        .send({ secret: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ secret: null, hasSecret: false });

      await t.api().delete(`/api/internal/webhooks/${cuid}`).expect(204);
      await t.api().get(`/api/internal/webhooks/${cuid}`).expect(404);
    });

    it('answers 404 for unknown cuids on read, update and delete', async () => {
      for (const req of [
        t.api().get('/api/internal/webhooks/nope'),
        t.api().patch('/api/internal/webhooks/nope').send({ name: 'x' }),
        t.api().delete('/api/internal/webhooks/nope'),
      ]) {
        const res = await req;
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Webhook nope not found' });
      }
    });

    it('filters the list by event, client and enabled', async () => {
      const make = (body: object) =>
        t
          .api()
          .post('/api/internal/webhooks')
          .send({ ...valid(), ...body })
          .expect(201);
      const all = (await make({ name: 'all clients', events: ['FindingPublished'] })).body.cuid;
      const scoped = (await make({ name: 'client b', events: ['FindingPublished'], clientCuids: ['b'] })).body
        .cuid;
      const off = (await make({ name: 'off', events: ['AssessmentSubmitted'], enabled: false })).body.cuid;
      const cuids = async (query: string) =>
        (await t.api().get(`/api/internal/webhooks?${query}`).expect(200)).body.map(
          (w: { cuid: string }) => w.cuid,
        );

      expect(await cuids('event=FindingPublished')).toEqual(expect.arrayContaining([all, scoped]));
      expect(await cuids('event=FindingPublished')).not.toContain(off);
      expect(await cuids('event=FindingPublished&clientCuid=a')).toEqual([all]);
      expect(await cuids('event=FindingPublished&clientCuid=b')).toEqual(
        expect.arrayContaining([all, scoped]),
      );
      expect(await cuids('enabled=false')).toEqual([off]);
      const bad = await t.api().get('/api/internal/webhooks?enabled=maybe').expect(400);
      expect(bad.body.message).toEqual(['enabled must be one of the following values: true, false']);
    });

    it("uses the connector's default message and warns when the URL does not look like the connector's", async () => {
      const connectors = (await t.api().get('/api/internal/connectors')).body as {
        type: string;
        defaultMessage: string;
      }[];
      const slack = connectors.find((c) => c.type === 'slack')!;
      const res = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...valid(), type: 'slack', url: 'http://127.0.0.1:9/fake-slack' })
        .expect(201);
      expect(res.body.message).toBe(slack.defaultMessage);
      expect(res.body.warnings).toEqual([expect.stringContaining('does not look like a Slack')]);
      const teams = connectors.find((c) => c.type === 'teams')!;
      const switched = await t
        .api()
        .patch(`/api/internal/webhooks/${res.body.cuid}`)
        .send({ type: 'teams' })
        .expect(200);
      expect(switched.body.message).toBe(teams.defaultMessage);
    });
  });

  describe('validation', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing name', { name: undefined }, 'name must be longer than or equal to 1 characters'],
      ['empty name', { name: '' }, 'name must be longer than or equal to 1 characters'],
      ['long name', { name: 'x'.repeat(201) }, 'name must be shorter than or equal to 200 characters'],
      ['numeric name', { name: 42 }, 'name must be a string'],
      ['missing url', { url: undefined }, 'url must be a string'],
      [
        'long url',
        { url: `https://example.com/${'a'.repeat(2040)}` },
        'url must be shorter than or equal to 2048 characters',
      ],
      ['ftp url', { url: 'ftp://example.com/x' }, 'url must use http or https'],
      ['not a url', { url: 'not a url' }, 'url must be a valid http or https URL'],
      [
        'credentials in url',
        { url: 'https://user:pass@example.com/' },
        'url must not contain a user name or password',
      ],
      ['link-local url', { url: 'http://169.254.169.254/latest/meta-data' }, 'url'],
      ['private url', { url: 'http://10.1.2.3/hook' }, 'url'],
      ['decimal private url', { url: 'http://167772161/hook' }, 'url'],
      ['hex metadata url', { url: 'http://0xa9.254.169.254/' }, 'url'],
      ['mapped private url', { url: 'http://[::ffff:192.168.1.1]/' }, 'url'],
      ['long secret', { secret: 's'.repeat(257) }, 'secret must be shorter than or equal to 256 characters'],
      ['numeric secret', { secret: 12345 }, 'secret must be a string'],
      ['string sslVerification', { sslVerification: 'yes' }, 'sslVerification must be a boolean value'],
      ['no events', { events: [] }, 'events should not be empty'],
      ['events not an array', { events: 'ReportPublished' }, 'events must be an array'],
      ['unknown event', { events: ['ReportDeleted'] }, 'each value in events must be one of'],
      [
        'duplicate events',
        { events: ['ReportPublished', 'ReportPublished'] },
        "All events's elements must be unique",
      ],
      ['clientCuids not strings', { clientCuids: [1, 2] }, 'each value in clientCuids must be a string'],
      [
        'statuses without ReportStatusChanged',
        { statuses: ['Published'] },
        'statuses applies only to the ReportStatusChanged',
      ],
      ['string enabled', { enabled: 'true' }, 'enabled must be a boolean value'],
      ['unknown type', { type: 'carrier-pigeon' }, 'type must be one of: '],
      [
        'long message',
        { message: 'x'.repeat(10_001) },
        'message must be shorter than or equal to 10000 characters',
      ],
      [
        'broken template',
        { message: 'Hello {{#if x}} never closed' },
        'message is not a valid template: Line 1, column',
      ],
      ['unknown field', { colour: 'red' }, 'property colour should not exist'],
      ['read-only field', { cuid: 'mine' }, 'property cuid should not exist'],
      ['read-only health', { health: {} }, 'property health should not exist'],
    ];

    it.each(cases)('refuses %s with a readable 400 naming the field', async (_label, patch, expected) => {
      const res = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...valid(), ...patch });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(Array.isArray(res.body.message)).toBe(true);
      expect(res.body.message.join('\n')).toContain(expected);
    });

    it('applies the same rules to PATCH, including null for required fields', async () => {
      const { cuid } = (await t.api().post('/api/internal/webhooks').send(valid()).expect(201)).body;
      for (const [patch, expected] of [
        [{ name: null }, 'name must be a string'],
        [{ url: null }, 'url must be a string'],
        [{ events: [] }, 'events should not be empty'],
        [{ enabled: null }, 'enabled must be a boolean value'],
        [{ url: 'http://192.168.0.10/' }, 'url'],
        [{ bogus: 1 }, 'property bogus should not exist'],
      ] as [object, string][]) {
        const res = await t.api().patch(`/api/internal/webhooks/${cuid}`).send(patch);
        expect({ patch, status: res.status }).toEqual({ patch, status: 400 });
        expect(res.body.message.join('\n')).toContain(expected);
      }
      const unchanged = await t.api().get(`/api/internal/webhooks/${cuid}`).expect(200);
      expect(unchanged.body).toMatchObject(valid());
    });

    it('accepts statuses with ReportStatusChanged', async () => {
      const res = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...valid(), events: ['ReportStatusChanged'], statuses: ['Published', 'In Review'] })
        .expect(201);
      expect(res.body.statuses).toEqual(['Published', 'In Review']);
    });

    it('refuses bodies that are not JSON objects, prototype keys and oversized bodies', async () => {
      const raw = (body: string) =>
        t.api().post('/api/internal/webhooks').set('Content-Type', 'application/json').send(body);
      expect((await raw('{"name": ')).status).toBe(400);
      expect((await raw('[1,2]')).body.message).toEqual(['body must be a JSON object']);
      expect((await raw('"text"')).status).toBe(400);
      expect((await raw('null')).status).toBe(400);
      const proto = await raw(JSON.stringify(valid()).replace('{', '{"__proto__":{"isAdmin":true},'));
      expect(proto.status).toBe(400);
      expect(proto.body.message).toEqual(['property __proto__ should not exist']);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      const huge = await raw(JSON.stringify({ ...valid(), message: 'x'.repeat(1024 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });
  });

  describe('secrets at rest', () => {
    it('never stores or shows the plaintext secret, and rotation keeps it encrypted', async () => {
      const res = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...valid(), secret: SECRET })
        .expect(201);
      await t
        .api()
        .patch(`/api/internal/webhooks/${res.body.cuid}`)
        .send({ secret: `${SECRET}-rotated` })
        .expect(200);
      const rows = await t.sql<{ row: string }>('select w::text as row from webhook w');
      expect(rows.length).toBeGreaterThan(0);
      for (const { row } of rows) expect(row).not.toContain(SECRET);
      const dump = execFileSync('pg_dump', ['--data-only', t.config.databaseUrl], { encoding: 'utf8' });
      expect(dump).toContain(res.body.cuid);
      expect(dump).not.toContain(SECRET);
      expect(dump).not.toContain(TEST_TOKEN);
    });
  });

  describe('persistence', () => {
    it('keeps webhooks across a restart', async () => {
      const created = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ ...valid(), secret: SECRET })
        .expect(201);
      const { databaseUrl, queuePrefix } = t.config;
      await t.close({ keepData: true });
      t = await startTestApp({ DATABASE_URL: databaseUrl, HOOKPOST_QUEUE_PREFIX: queuePrefix });
      const read = await t.api().get(`/api/internal/webhooks/${created.body.cuid}`).expect(200);
      expect(read.body).toMatchObject({ name: created.body.name, secret: '••••3f9a', hasSecret: true });
    });
  });
});

describe('Save-time SSRF check without an allow list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_ALLOW_CIDRS: '' });
  });
  afterAll(() => t.close());

  it.each([
    'http://localhost:8080/hook',
    'http://api.localhost/hook',
    'http://127.0.0.1/hook',
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[64:ff9b::7f00:1]/hook',
    'http://[2002:7f00:1::]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s', async (url) => {
    const res = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ ...valid(), url });
    expect(res.status).toBe(400);
    expect(res.body.message.join('\n')).toMatch(/^url /m);
  });

  it('accepts a public hostname (resolved only at delivery time)', async () => {
    await t.api().post('/api/internal/webhooks').send(valid()).expect(201);
  });
});
