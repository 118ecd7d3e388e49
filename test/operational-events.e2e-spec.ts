import { eventually, Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

const OPERATIONAL = ['WebhookFailing', 'WebhookDisabled', 'DeliveryFailed'];

/**
 * DESIGN §12, operational events: an admin points a Slack preset at them, and hears once per run of
 * failures that a webhook is failing, once that it was disabled, and of each delivery that failed
 * for good — never about the alerts' own deliveries.
 */
describe('Operational events', () => {
  let t: TestApp;
  let slack: Receiver;
  let failing = true;
  let endpoint: Receiver;

  beforeAll(async () => {
    t = await startTestApp({
      HOOKPOST_RETRY_SCHEDULE: '200ms,200ms,200ms',
      HOOKPOST_ALERT_AFTER_FAILURES: '3',
      HOOKPOST_DISABLE_AFTER: '3s',
    });
    slack = await Receiver.start(() => ({ status: 200, body: 'ok' })); // as Slack answers
    endpoint = await Receiver.start(() => (failing ? { status: 500, body: 'down' } : { status: 200 }));
  });
  afterAll(async () => {
    await Promise.all([slack?.close(), endpoint?.close()]);
    await t?.close();
  });

  /** What the Slack receiver heard: each message's headline (its fallback text) and its facts. */
  const heard = () =>
    slack.requests.map((request) => {
      const body = JSON.parse(request.body) as { text: string; blocks: { fields?: { text: string }[] }[] };
      return {
        event: request.headers['x-hookpost-event'] as string,
        text: body.text,
        facts: body.blocks.flatMap((block) => block.fields ?? []).map((field) => field.text),
      };
    });
  const count = (event: string) => heard().filter((message) => message.event === event).length;
  const emitFor = (clientCuid: string, targetCuid: string) =>
    t
      .api()
      .post('/api/internal/events')
      .send({ event: 'FindingPublished', clientCuid, targetCuid })
      .expect(202);
  const emit = (targetCuid: string) => emitFor('ops-client', targetCuid);

  it('alerts once per run of failures, on failure for good and on disabling, through a Slack preset', async () => {
    const alerts = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'Ops channel', type: 'slack', url: `${slack.url}/services/T0/B0/X`, events: OPERATIONAL })
      .expect(201);
    // The preset's default message: each operational event says what happened in its own words.
    expect(alerts.body.message).toBe('*%EVENT_NAME%*: %CLIENT_NAME% — %REPORT_NAME%');
    const broken = await t
      .api()
      .post('/api/internal/webhooks')
      .send({
        name: 'Ticketing',
        url: endpoint.url,
        events: ['FindingPublished'],
        clientCuids: ['ops-client'],
      })
      .expect(201);

    // One delivery: four attempts fail. The third raises WebhookFailing, the last DeliveryFailed.
    await emit('finding-1');
    await eventually(async () => count('DeliveryFailed') === 1);
    expect(count('WebhookFailing')).toBe(1);
    const [failingAlert] = heard().filter((message) => message.event === 'WebhookFailing');
    expect(failingAlert.text).toMatch(
      /^Webhook Ticketing is failing: 3 attempts in a row have failed since \S+Z\. /,
    );
    expect(failingAlert.facts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Ticketing'),
        expect.stringMatching(/Failed attempts in a row\*?\n3/),
      ]),
    );
    const [failedAlert] = heard().filter((message) => message.event === 'DeliveryFailed');
    expect(failedAlert.text).toBe(
      'A FindingPublished delivery to webhook Ticketing failed after 4 attempts: Failed to call webhook: HTTP 500',
    );

    // Still failing, more than HOOKPOST_DISABLE_AFTER after the run began: disabled, said once;
    // no second WebhookFailing within the same run.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await emit('finding-2');
    await eventually(async () => count('WebhookDisabled') === 1);
    const webhook = (await t.api().get(`/api/internal/webhooks/${broken.body.cuid}`).expect(200)).body;
    expect(webhook.enabled).toBe(false);
    expect(webhook.health.disabledReason).toMatch(/without a success for 3s/);
    const [disabledAlert] = heard().filter((message) => message.event === 'WebhookDisabled');
    expect(disabledAlert.text).toBe(
      `Webhook Ticketing was disabled: ${webhook.health.disabledReason}. It sends nothing until it is enabled again.`,
    );
    expect(count('WebhookFailing')).toBe(1);

    // Enabled again and healthy, then failing anew: a new run, a new WebhookFailing.
    failing = false;
    await t.api().patch(`/api/internal/webhooks/${broken.body.cuid}`).send({ enabled: true }).expect(200);
    await emit('finding-3');
    await eventually(async () =>
      endpoint.requests.some((request) => JSON.parse(request.body).targetCuid === 'finding-3'),
    );
    failing = true;
    await emit('finding-4');
    await eventually(async () => count('WebhookFailing') === 2);
    // Every alert went to the Slack receiver as the delivery of an operational event, none about another.
    expect(heard().every((message) => OPERATIONAL.includes(message.event))).toBe(true);
    // The receiver answers before the attempt is recorded, so the log is read until it has caught up.
    await eventually(async () => {
      const alertLogs = await t
        .api()
        .get(`/api/internal/deliveries?webhookCuid=${alerts.body.cuid}`)
        .expect(200);
      const statuses = alertLogs.body.items.map((item: { status: string }) => item.status);
      return statuses.length === heard().length && statuses.every((status: string) => status === 'succeeded');
    });
  });

  it('raises nothing about the deliveries of operational events themselves', async () => {
    // An alert channel that is down: its failures count for its health, but raise no alerts about alerts.
    const downChannel = await Receiver.start(() => ({ status: 500 }));
    try {
      const down = await t
        .api()
        .post('/api/internal/webhooks')
        .send({ name: 'Broken ops channel', url: downChannel.url, events: OPERATIONAL })
        .expect(201);
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({
          name: 'Second',
          url: endpoint.url,
          events: ['FindingPublished'],
          clientCuids: ['ops-client-2'],
        })
        .expect(201);
      await emitFor('ops-client-2', 'finding-5');
      // Second's WebhookFailing and DeliveryFailed reach the down channel, which fails each four times.
      await eventually(async () => {
        const failed = await t
          .api()
          .get(`/api/internal/deliveries?webhookCuid=${down.body.cuid}&status=failed`)
          .expect(200);
        return failed.body.items.length >= 2;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // time for an alert about them, if any
      const health = (await t.api().get(`/api/internal/webhooks/${down.body.cuid}`).expect(200)).body.health;
      expect(health.consecutiveFailures).toBeGreaterThanOrEqual(8); // over the alert threshold, yet…
      const everything = [...slack.requests, ...downChannel.requests].map((request) => request.body);
      expect(everything.filter((body) => body.includes('Broken ops channel'))).toEqual([]); // …no alert about it
      expect(everything.some((body) => body.includes('Second'))).toBe(true);
    } finally {
      await downChannel.close();
    }
  });

  it('refuses operational events from producers', async () => {
    const res = await t
      .api()
      .post('/api/internal/events')
      .send({ event: 'WebhookDisabled', targetCuid: 'w1' })
      .expect(400);
    expect(res.body.message).toEqual([
      'event WebhookDisabled is raised by Hookpost itself; producers cannot send it',
    ]);
  });

  it('lists them in the catalog with their variables', async () => {
    const catalog = (await t.api().get('/api/internal/webhookevents').expect(200)).body as {
      event: string;
      targetType: string;
      variables: string[];
    }[];
    for (const event of OPERATIONAL) {
      expect(catalog).toContainEqual(expect.objectContaining({ event, targetType: 'webhook' }));
    }
    const failed = catalog.find((entry) => entry.event === 'DeliveryFailed')!;
    expect(failed.variables).toEqual(
      expect.arrayContaining(['WEBHOOK_NAME', 'DELIVERY_ERROR', 'DELIVERY_ATTEMPTS']),
    );
  });
});
