import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from 'pg';
import { WebhookMatcher } from '@hookpost/core/pipeline/1-intake/webhook-matcher';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

/** Three `#each` over the report's custom fields, nested: 40 fields make 64,000 loop bodies. */
const NESTED =
  '{{#each report.customFields}}{{#each ../report.customFields}}{{#each ../../report.customFields}}' +
  '{{value}}{{/each}}{{/each}}{{/each}}';
/** Four levels: today's renderer would spend seconds on one event of 60 fields (13 million loop bodies). */
const NESTED_DEEPER =
  '{{#each report.customFields}}{{#each ../report.customFields}}{{#each ../../report.customFields}}' +
  '{{#each ../../../report.customFields}}{{/each}}{{/each}}{{/each}}{{/each}}';
/** Reaches the renderer's internal state: Slack's escape called with no value threw, a 500 for every event. */
const INTERNAL = '{{#if @hookpost.escape}}x{{/if}}';
const BUDGET =
  /^message exceeds the render budget for (\w+): more than \d+ (loop iterations|operations|characters of text)$/;

describe('Hostile message templates', () => {
  let t: TestApp;
  let receiver: Receiver;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await Receiver.start();
    db = new Client({ connectionString: t.config.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
    await receiver.close();
  });

  const customFields = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ label: `Field ${i}`, value: `value ${i}` }));

  async function webhook(body: Record<string, unknown>): Promise<string> {
    const res = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'hook', url: `${receiver.url}/hook`, events: ['ReportPublished'], ...body })
      .expect(201);
    return res.body.cuid;
  }

  /** A webhook saved before templates were checked this way: its message written behind the API's back. */
  async function oldRow(body: Record<string, unknown>, message: string): Promise<string> {
    const cuid = await webhook(body);
    await db.query('update webhook set message = $1 where cuid = $2', [message, cuid]);
    t.app.get(WebhookMatcher).invalidate();
    return cuid;
  }

  const emit = (clientCuid: string, fields: number) =>
    t
      .api()
      .post('/api/internal/events')
      .send({
        event: 'ReportPublished',
        clientCuid,
        targetCuid: `report-of-${clientCuid}`,
        context: { client: { name: 'Acme' }, report: { name: 'Q3', customFields: customFields(fields) } },
      });

  const logs = async (cuid: string) =>
    (await t.api().get(`/api/internal/webhooks/${cuid}/logs`).expect(200)).body.items;
  const health = async (cuid: string) =>
    (await t.api().get(`/api/internal/webhooks/${cuid}`).expect(200)).body.health;

  describe('refused at save, preview and test', () => {
    it('refuses the nested #each template at create, naming every event and the limit passed', async () => {
      const res = await t
        .api()
        .post('/api/internal/webhooks')
        .send({
          name: 'nested',
          url: `${receiver.url}/hook`,
          events: ['ReportPublished', 'FindingPublished'],
          message: NESTED,
        })
        .expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(BUDGET), expect.stringMatching(BUDGET)]);
      expect(res.body.message.map((m: string) => BUDGET.exec(m)?.[1])).toEqual([
        'ReportPublished',
        'FindingPublished',
      ]);
      const saved = (await t.api().get('/api/internal/webhooks').expect(200)).body;
      expect(saved.filter((w: { name: string }) => w.name === 'nested')).toEqual([]);
    });

    it('judges a PATCH against the stored events or message, whichever it does not change', async () => {
      // An engagement event carries no report, so there is nothing to loop over: accepted.
      const cuid = await webhook({ events: ['SchedulerEngagementSubmitted'], message: NESTED });
      const res = await t
        .api()
        .patch(`/api/internal/webhooks/${cuid}`)
        .send({ events: ['SchedulerEngagementSubmitted', 'AssessmentSubmitted'] })
        .expect(400);
      expect(res.body.message).toEqual([
        expect.stringMatching(/^message exceeds .* for AssessmentSubmitted: /),
      ]);

      const plain = await webhook({ events: ['ReportStatusChanged'] });
      const patched = await t
        .api()
        .patch(`/api/internal/webhooks/${plain}`)
        .send({ message: NESTED })
        .expect(400);
      expect(patched.body.message).toEqual([
        expect.stringMatching(/^message exceeds .* for ReportStatusChanged: /),
      ]);
      await t.api().delete(`/api/internal/webhooks/${cuid}`).expect(204);
      await t.api().delete(`/api/internal/webhooks/${plain}`).expect(204);
    });

    it('refuses it at preview and at test, sending nothing', async () => {
      const preview = await t
        .api()
        .post('/api/internal/webhooks/preview')
        .send({ type: 'slack', event: 'FindingPublished', message: NESTED })
        .expect(400);
      expect(preview.body.message).toEqual([
        expect.stringMatching(/^message exceeds .* for FindingPublished: /),
      ]);

      const test = await t
        .api()
        .post('/api/internal/webhooks/test')
        .send({ url: `${receiver.url}/test`, message: NESTED })
        .expect(400);
      expect(test.body.message).toEqual(expect.arrayContaining([expect.stringMatching(BUDGET)]));
      expect(receiver.requests.filter((r) => r.path === '/test')).toEqual([]);
    });

    it('refuses a template reaching internal render data, with its position', async () => {
      for (const message of [INTERNAL, '{{@hookpost.budget.left}}', 'x {{#each @root}}{{/each}}']) {
        const res = await t
          .api()
          .post('/api/internal/webhooks')
          .send({
            name: 'internal',
            type: 'slack',
            url: `${receiver.url}/hook`,
            events: ['ReportPublished'],
            message,
          })
          .expect(400);
        expect(res.body.message).toEqual([
          expect.stringMatching(
            /^message is not a valid template: Line 1, column \d+: "@\w+.*" cannot be used/,
          ),
        ]);
      }
      await t
        .api()
        .post('/api/internal/webhooks/preview')
        .send({ type: 'slack', event: 'ReportPublished', message: INTERNAL })
        .expect(400);
      await t
        .api()
        .post('/api/internal/webhooks/test')
        .send({ url: receiver.url, message: INTERNAL })
        .expect(400);
    });
  });

  describe('an old webhook whose template cannot render', () => {
    it('fails alone: the event is accepted quickly and every other subscriber gets it', async () => {
      const client = 'client-nested';
      const other = await Receiver.start();
      try {
        const good = await webhook({ url: other.url, clientCuids: [client] });
        const hostile = await oldRow({ clientCuids: [client] }, NESTED_DEEPER);

        const lag = monitorEventLoopDelay({ resolution: 10 });
        lag.enable();
        const started = performance.now();
        const accepted = await emit(client, 60).expect(202);
        const intakeMs = performance.now() - started;
        lag.disable();
        expect(accepted.body.deliveries).toBe(2);
        expect(intakeMs).toBeLessThan(1000);
        expect(lag.max / 1e6).toBeLessThan(500); // ms: the event loop was never held for long

        const [delivered] = await other.waitFor(1);
        expect(JSON.parse(delivered.body).text).toBe('Report published: Acme||Q3');
        const [failure] = await eventually(async () => {
          const items = await logs(hostile);
          return items.length === 1 && items;
        });
        expect(failure).toMatchObject({
          event: 'ReportPublished',
          attempt: 1,
          status: 'failed',
          willRetry: false,
          nextAttemptAt: null,
          statusCode: null,
          errorCode: 'TEMPLATE_ERROR',
          error:
            'Failed to render message template: Template exceeds the render budget: more than 10000 loop iterations',
          requestHeaders: {},
          requestBody: null,
          responseBody: null,
        });
        expect(await health(hostile)).toMatchObject({ consecutiveFailures: 1, lastStatus: 'failed' });
        // Received before it is recorded: the log is read until it has caught up.
        const [succeeded] = await eventually(async () => {
          const items = await logs(good);
          return items.length === 1 && items;
        });
        expect(succeeded).toMatchObject({ status: 'succeeded' });
        expect(receiver.requests.filter((r) => r.path === '/hook')).toEqual([]); // the hostile one sent nothing

        // Redeliver and recover fail the same way, without sending or crashing.
        await t
          .api()
          .post(`/api/internal/webhooks/${hostile}/deliveries/${failure.deliveryCuid}/redeliver`)
          .expect(202);
        await eventually(async () => (await logs(hostile)).length === 2);
        const recovered = await t
          .api()
          .post(`/api/internal/webhooks/${hostile}/recover`)
          .send({ since: new Date(Date.now() - 60_000).toISOString() })
          .expect(202);
        expect(recovered.body).toEqual({ count: 1 });
        const items = await eventually(async () => {
          const found = await logs(hostile);
          return found.length === 3 && found;
        });
        expect(items.map((i: { attempt: number; errorCode: string }) => [i.attempt, i.errorCode])).toEqual([
          [3, 'TEMPLATE_ERROR'],
          [2, 'TEMPLATE_ERROR'],
          [1, 'TEMPLATE_ERROR'],
        ]);
        expect(await health(hostile)).toMatchObject({ consecutiveFailures: 3, lastStatus: 'failed' });
        expect(receiver.requests.filter((r) => r.path === '/hook')).toEqual([]);

        // Its test is refused rather than sent; renaming it is still allowed (its message is not changed).
        const test = await t.api().post(`/api/internal/webhooks/${hostile}/test`).expect(400);
        expect(test.body.message).toEqual([
          expect.stringMatching(/^message exceeds .* for ReportPublished: /),
        ]);
        await t.api().patch(`/api/internal/webhooks/${hostile}`).send({ name: 'renamed' }).expect(200);
        expect(receiver.requests).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('reaching internal render data, it no longer stops the other subscribers', async () => {
      const client = 'client-internal';
      const other = await Receiver.start();
      try {
        await webhook({ url: other.url, clientCuids: [client] });
        const hostile = await oldRow({ type: 'slack', clientCuids: [client] }, INTERNAL);

        const accepted = await emit(client, 3).expect(202);
        expect(accepted.body.deliveries).toBe(2);
        await other.waitFor(1);
        const [failure] = await eventually(async () => {
          const items = await logs(hostile);
          return items.length === 1 && items;
        });
        expect(failure).toMatchObject({ status: 'failed', willRetry: false, errorCode: 'TEMPLATE_ERROR' });
        expect(failure.error).toMatch(
          /^Failed to render message template: Line 1, column 7: "@hookpost.escape" cannot be used in a template/,
        );
        expect(await health(hostile)).toMatchObject({ consecutiveFailures: 1, lastStatus: 'failed' });
      } finally {
        await other.close();
      }
    });
  });
});
