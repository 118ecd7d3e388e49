import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

const SECRET = 'delivery-test-secret-0042';

describe('Delivery pipeline', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({
      HOOKPOST_RETRY_SCHEDULE: '150ms,150ms,150ms,150ms,150ms',
      HOOKPOST_DELIVERY_TIMEOUT_MS: '800',
    });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function webhook(body: Record<string, unknown> = {}): Promise<string> {
    const res = await t
      .api()
      .post('/api/internal/webhooks')
      .send({
        name: 'receiver',
        url: `${receiver.url}/hook`,
        events: ['ReportPublished'],
        secret: SECRET,
        ...body,
      })
      .expect(201);
    return res.body.cuid;
  }

  async function emit(body: Record<string, unknown> = {}) {
    const res = await t
      .api()
      .post('/api/internal/events')
      .send({
        event: 'ReportPublished',
        clientCuid: 'client-1',
        targetCuid: 'report-cuid-1',
        clientId: 7,
        reportId: 42,
        context: { client: { name: 'Acme' }, report: { name: 'Q3 Pentest', status: 'Published' } },
        ...body,
      })
      .expect(202);
    return res.body as { cuid: string; deliveries: number };
  }

  const logs = async (cuid: string, query = '') =>
    (await t.api().get(`/api/internal/webhooks/${cuid}/logs${query}`).expect(200)).body;

  it('delivers a signed PlexTrac payload that independent verifiers accept', async () => {
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    const hook = await webhook({ message: '%CLIENT_NAME%||%REPORT_NAME%' });
    const accepted = await emit();
    expect(accepted.deliveries).toBe(1);
    const [request] = await receiver.waitFor(1);
    const payload = JSON.parse(request.body);
    expect(payload).toEqual({
      cuid: request.headers['webhook-id'],
      actorCuid: 'system',
      event: 'ReportPublished',
      targetCuid: 'report-cuid-1',
      targetType: 'report',
      text: 'Acme||Q3 Pentest',
      clientId: 7,
      reportId: 42,
      occurredAt: expect.any(String),
    });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^Hookpost\/\d+\.\d+\.\d+$/),
      'x-hookpost-event': 'ReportPublished',
      'x-hookpost-attempt': '1',
    });
    const hmac = createHmac('sha256', SECRET).update(request.body).digest('hex');
    expect(request.headers['x-authorization-hmac-256']).toBe(hmac);
    const verified = new StandardWebhook(Buffer.from(SECRET).toString('base64')).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(verified).toEqual(payload);
    const page = await eventually(async () => {
      const body = await logs(hook);
      return body.items.length === 1 && body;
    });
    expect(page.items[0]).toMatchObject({
      deliveryCuid: payload.cuid,
      webhookCuid: hook,
      event: 'ReportPublished',
      attempt: 1,
      status: 'succeeded',
      willRetry: false,
      statusCode: 200,
      errorCode: null,
      requestBody: request.body,
      responseBody: 'ok',
    });
    expect(JSON.stringify(page)).not.toContain(SECRET);
  });
});
