import { EVENT_TYPES, sampleEvent, TEST_EVENT } from '@hookpost/connector-sdk';
import { HOOKPOST_VERSION } from '@hookpost/core';
import { serverConnectors } from '../apps/server/src/connectors';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

const PREVIEW = '/api/internal/webhooks/preview';
const EVENTS = [...EVENT_TYPES, TEST_EVENT] as const;
/** No variables, so the expected body needs nothing but the connector's own `render`. */
const PLAIN_MESSAGE = 'Plain preview text';

describe('Request preview', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const preview = (body: Record<string, unknown>) => t.api().post(PREVIEW).send(body);

  describe.each(serverConnectors().map((connector) => [connector.type, connector] as const))(
    '%s',
    (_type, connector) => {
      it.each(EVENTS)('shows the exact body and headers for %s', async (event) => {
        const res = await preview({ type: connector.type, event, message: PLAIN_MESSAGE }).expect(200);
        const expected = connector.render(PLAIN_MESSAGE, sampleEvent(event));

        expect(res.body.method).toBe('POST');
        expect(JSON.parse(res.body.body)).toEqual(JSON.parse(JSON.stringify(expected.body)));
        expect(res.body.body).toBe(JSON.stringify(expected.body)); // byte for byte
        expect(res.body.bytes).toBe(Buffer.byteLength(res.body.body, 'utf8'));
        expect(res.body.headers).toEqual({
          ...expected.headers,
          'content-type': 'application/json',
          'user-agent': `Hookpost/${HOOKPOST_VERSION}`,
          'x-hookpost-event': event,
          'x-hookpost-attempt': '1',
          'webhook-id': sampleEvent(event).cuid,
          'webhook-timestamp': expect.stringMatching(/^\d+$/),
        });
        expect(res.body.headers['user-agent']).toMatch(/^Hookpost\/\d+\.\d+\.\d+/);
        expect(res.body.warnings).toEqual([]);
      });
    },
  );

  it("renders the connector's default message when none is given", async () => {
    const res = await preview({ type: 'http', event: 'ReportPublished' }).expect(200);
    expect(JSON.parse(res.body.body).text).toBe('Report published: Acme Corp||Q3 External Penetration Test');
  });

  it('renders a given template with the sample event, values escaped by the connector', async () => {
    const res = await preview({
      type: 'slack',
      event: 'FindingPublished',
      message: '%FINDING_SEVERITY%: %FINDING_TITLE% in %REPORT_CUSTOM_FIELD_Ticket%',
    }).expect(200);
    expect(JSON.parse(res.body.body).text).toBe('Critical: SQL injection in login form in SEC-2024-118');
  });

  it('sends the same headers a real delivery does, minus the signature that needs a secret', async () => {
    const receiver = await Receiver.start();
    try {
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({ name: 'preview twin', url: receiver.url, events: ['AssessmentSubmitted'] })
        .expect(201);
      await t
        .api()
        .post('/api/internal/events')
        .send({ event: 'AssessmentSubmitted', clientCuid: 'preview-client', targetCuid: 'a-1' })
        .expect(202);
      const [delivered] = await receiver.waitFor(1);
      const res = await preview({ type: 'http', event: 'AssessmentSubmitted' }).expect(200);
      const transportHeaders = ['host', 'connection', 'content-length'];
      const sentNames = Object.keys(delivered.headers).filter((name) => !transportHeaders.includes(name));
      expect(Object.keys(res.body.headers).sort()).toEqual(sentNames.sort());
      for (const name of ['content-type', 'user-agent', 'x-hookpost-event', 'x-hookpost-attempt']) {
        expect({ name, value: res.body.headers[name] }).toEqual({ name, value: delivered.headers[name] });
      }
    } finally {
      await receiver.close();
    }
  });

  it("warns, without refusing, when the url does not look like the connector's", async () => {
    const odd = await preview({
      type: 'slack',
      event: 'ReportPublished',
      url: 'https://example.com/hook',
    }).expect(200);
    expect(odd.body.warnings).toEqual([
      'url does not look like a Slack URL (https://hooks.slack.com/services/…)',
    ]);
    const real = await preview({
      type: 'slack',
      event: 'ReportPublished',
      url: 'https://hooks.slack.com/services/T000/B000/XXXX',
    }).expect(200);
    expect(real.body.warnings).toEqual([]);
  });

  it('says whether the sample event passes a filter, and null without one', async () => {
    const severe = { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] };
    const low = { field: 'context.finding.severity', op: 'eq', value: 'Low' };
    const matches = async (filter?: object) =>
      (await preview({ type: 'http', event: 'FindingPublished', filter }).expect(200)).body.filterMatches;
    await expect(matches(severe)).resolves.toBe(true);
    await expect(matches(low)).resolves.toBe(false);
    await expect(matches({ not: low })).resolves.toBe(true);
    await expect(matches()).resolves.toBeNull();
  });

  it.each([
    [
      'a filter with an unknown operator',
      {
        type: 'http',
        event: 'FindingPublished',
        filter: { all: [{ field: 'status', op: 'like', value: 'x' }] },
      },
      /^filter\.all\[0\]\.op "like" must be one of/,
    ],
    [
      'an unknown type',
      { type: 'pager', event: 'ReportPublished' },
      /^type must be one of: (.+, )?http(, |$)/,
    ],
    ['a malformed type', { type: 'Not A Type', event: 'ReportPublished' }, /^type must be a connector type/],
    ['a missing type', { event: 'ReportPublished' }, /^type /],
    ['an unknown event', { type: 'slack', event: 'ReportDeleted' }, /^event must be one of: ReportPublished/],
    ['a missing event', { type: 'slack' }, /^event must be one of/],
    [
      'a broken template',
      { type: 'slack', event: 'ReportPublished', message: '{{#if}}' },
      /^message is not a valid template/,
    ],
    [
      'a too long template',
      { type: 'slack', event: 'ReportPublished', message: 'x'.repeat(10_001) },
      /^message must be shorter/,
    ],
    [
      'a non-http url',
      { type: 'slack', event: 'ReportPublished', url: 'ftp://example.com/x' },
      /^url must use http or https/,
    ],
    [
      'a too long url',
      { type: 'slack', event: 'ReportPublished', url: `https://e.com/${'a'.repeat(2048)}` },
      /^url must be shorter/,
    ],
    ['an unknown field', { type: 'slack', event: 'ReportPublished', secret: 's' }, /secret should not exist/],
  ])('refuses %s with 400 naming the field', async (_label, body, message) => {
    const res = await preview(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('needs the admin token', async () => {
    const res = await t.http.post(PREVIEW).send({ type: 'slack', event: 'ReportPublished' }).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401 });
  });

  it('is documented in the OpenAPI document', async () => {
    const res = await t.http.get('/docs/json').expect(200);
    expect(res.body.paths[PREVIEW].post).toBeDefined();
  });
});
