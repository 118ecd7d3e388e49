import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Intake keeps every notification it can (DESIGN §4): long values, unknown context fields, NUL and
 * lone surrogates are delivered, each destination trimming to its own limits; only an event that
 * cannot be delivered meaningfully (no target) or a body nested absurdly deep is refused.
 */
describe('Intake of realistic and careless events', () => {
  let t: TestApp;
  let http: Receiver;
  let slack: Receiver;
  let scope = 0;

  beforeAll(async () => {
    t = await startTestApp();
    http = await Receiver.start();
    slack = await Receiver.start(() => ({ status: 200, body: 'ok' }));
  });
  afterAll(async () => {
    await t.close();
    await http.close();
    await slack.close();
  });

  /** An http and a Slack webhook scoped to a client of their own; returns that client. */
  async function webhooks(message: string): Promise<string> {
    const clientCuid = `client-${++scope}`;
    for (const [type, receiver] of [
      ['http', http],
      ['slack', slack],
    ] as const) {
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({
          name: type,
          type,
          url: receiver.url,
          events: ['FindingPublished'],
          clientCuids: [clientCuid],
          message,
        })
        .expect(201);
    }
    return clientCuid;
  }

  const emit = (body: Record<string, unknown>) => t.api().post('/api/internal/events').send(body);
  const received = async (receiver: Receiver, count: number) =>
    (await receiver.waitFor(count)).slice(count - 1)[0];

  it('delivers a 100 KB custom field and a 10 KB finding description, trimmed where the destination needs it', async () => {
    const clientCuid = await webhooks('%REPORT_CUSTOM_FIELD_Notes% | {{finding.description}}');
    const notes = 'n'.repeat(100 * 1024);
    const description = 'd'.repeat(10 * 1024);
    const before = [http.requests.length, slack.requests.length];
    await emit({
      event: 'FindingPublished',
      clientCuid,
      targetCuid: 'finding-1',
      context: {
        report: { name: 'Long report', customFields: [{ label: 'Notes', value: notes }] },
        finding: { title: 't'.repeat(5000), severity: 'High', description },
      },
    }).expect(202);

    const generic = JSON.parse((await received(http, before[0] + 1)).body);
    expect(Buffer.byteLength(JSON.stringify(generic))).toBeLessThanOrEqual(65_536);
    expect(generic.text.length).toBeGreaterThan(60_000);
    expect(generic.text.startsWith('nnnn')).toBe(true);

    const chat = JSON.parse((await received(slack, before[1] + 1)).body);
    expect(chat.text.length).toBeLessThanOrEqual(3000);
    expect(chat.blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(JSON.stringify(chat)).not.toContain(description); // trimmed, but there
    expect(chat.text).toMatch(/^n+…$/);
  });

  it('ignores context fields it does not know and delivers the event', async () => {
    const clientCuid = await webhooks('{{finding.title}} {{finding.cvss}}');
    const before = http.requests.length;
    const res = await emit({
      event: 'FindingPublished',
      clientCuid,
      targetCuid: 'finding-2',
      context: {
        finding: { title: 'XSS', cvss: 9.8, references: ['a'] },
        tenant: { region: 'eu' },
      },
    }).expect(202);
    expect(res.body.deliveries).toBe(2);
    expect(JSON.parse((await received(http, before + 1)).body).text).toBe('XSS ');
  });

  it('replaces NUL characters and lone surrogates with U+FFFD instead of failing', async () => {
    const clientCuid = await webhooks('%CLIENT_NAME%/{{finding.title}}');
    const before = http.requests.length;
    const raw =
      '{"event":"FindingPublished","clientCuid":"' +
      clientCuid +
      '","targetCuid":"finding-3","context":{"client":{"name":"A\\u0000B"},"finding":{"title":"\\ud800x\\udfff"}}}';
    await t.api().post('/api/internal/events').set('Content-Type', 'application/json').send(raw).expect(202);
    expect(JSON.parse((await received(http, before + 1)).body).text).toBe('A\ufffdB/\ufffdx\ufffd');

    const named = await t
      .api()
      .post('/api/internal/webhooks')
      .set('Content-Type', 'application/json')
      .send('{"name":"nul\\u0000 and \\udc00","url":"https://example.com/h","events":["ReportPublished"]}')
      .expect(201);
    expect(named.body.name).toBe('nul\ufffd and \ufffd');
    await t.api().get('/api/internal/webhooks/%00').expect(404);
    await t
      .api()
      .get('/api/internal/webhooks/%ED%A0%80')
      .expect((res) => expect(res.status).toBeLessThan(500));
    await t.api().get('/api/internal/webhooks?clientCuid=%00').expect(200);
    await t.api().get(`/api/internal/webhooks/${named.body.cuid}/logs?event=%00`).expect(200);
  });

  it('refuses an event without a target, naming the field', async () => {
    const res = await emit({ event: 'ReportPublished', clientCuid: 'c' }).expect(400);
    expect(res.body.message).toEqual([expect.stringMatching(/^targetCuid is required/)]);
    await emit({ event: 'FindingPublished', targetCuids: ['f1', 'f2'] }).expect(202);
    await emit({ event: 'FindingPublished', targetCuids: [] }).expect(400);
  });

  it('answers 400 to JSON nested 10,000 deep on every body route', async () => {
    const deep = '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    for (const [method, path] of [
      ['post', '/api/internal/events'],
      ['post', '/api/internal/webhooks'],
      ['post', '/api/internal/webhooks/test'],
      ['post', '/api/internal/webhooks/preview'],
      ['patch', '/api/internal/webhooks/x'],
    ] as const) {
      const res = await t.api()[method](path).set('Content-Type', 'application/json').send(deep);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['Request body nests deeper than 32 levels']);
    }
  });
});
