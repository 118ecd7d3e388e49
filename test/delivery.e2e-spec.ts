import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { WebhookRepository } from '@hookpost/core/persistence/webhook.repository';
import { MATCH_CACHE_MS } from '@hookpost/core/pipeline/1-intake/webhook-matcher';
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

  it('makes exactly 1 + 5 attempts with the same cuid against an endpoint that always fails', async () => {
    const failing = await Receiver.start(() => ({ status: 500, body: 'down' }));
    try {
      const hook = await webhook({ url: failing.url });
      await emit();
      const requests = await failing.waitFor(6);
      const page = await eventually(async () => {
        const body = await logs(hook);
        return body.items.length === 6 && !body.items[0].willRetry && body;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000)); // nothing more comes
      expect(failing.requests).toHaveLength(6);
      expect(new Set(requests.map((r) => JSON.parse(r.body).cuid)).size).toBe(1);
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(requests.map((r) => r.headers['x-hookpost-attempt'])).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1); // same bytes on every retry
      expect(page.items.map((i: { attempt: number }) => i.attempt)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(page.items[0]).toMatchObject({
        status: 'failed',
        willRetry: false,
        nextAttemptAt: null,
        statusCode: 500,
      });
      expect(page.items[0].errorCode).toBe('HTTP_ERROR');
      expect(page.items[0].error).toBe('Failed to call webhook: HTTP 500');
      expect(page.items[5]).toMatchObject({ willRetry: true, nextAttemptAt: expect.any(String) });
      const health = (await t.api().get(`/api/internal/webhooks/${hook}`).expect(200)).body.health;
      expect(health).toMatchObject({ consecutiveFailures: 6, lastStatus: 'failed', disabledReason: null });

      // A failed delivery can be sent again by hand, with a fresh schedule.
      failing.respondWith(() => ({ status: 200, body: 'ok' }));
      await t
        .api()
        .post(`/api/internal/webhooks/${hook}/deliveries/${page.items[0].deliveryCuid}/redeliver`)
        .expect(202);
      await failing.waitFor(7);
      const after = await eventually(async () => {
        const body = await logs(hook, '?status=succeeded');
        return body.items.length === 1 && body;
      });
      expect(after.items[0]).toMatchObject({ attempt: 7, status: 'succeeded' });
    } finally {
      await failing.close();
    }
  });

  it('recovers after two failures', async () => {
    const flaky = await Receiver.start((_r, index) =>
      index < 2 ? { status: 503 } : { status: 200, body: 'ok' },
    );
    try {
      const hook = await webhook({ url: flaky.url });
      await emit();
      await flaky.waitFor(3);
      const page = await eventually(async () => {
        const body = await logs(hook);
        return body.items.length === 3 && body.items[0].status === 'succeeded' && body;
      });
      expect(page.items.map((i: { status: string }) => i.status)).toEqual(['succeeded', 'failed', 'failed']);
      const health = (await t.api().get(`/api/internal/webhooks/${hook}`).expect(200)).body.health;
      // The failures are over, but the list still says what the last one was, and when.
      expect(health).toMatchObject({
        consecutiveFailures: 0,
        lastStatus: 'succeeded',
        lastError: expect.stringContaining('503'),
      });
      expect(Date.parse(health.lastErrorAt)).toBeLessThanOrEqual(Date.parse(health.lastAttemptAt));
    } finally {
      await flaky.close();
    }
  });

  it('times out a slow endpoint and retries it', async () => {
    const slow = await Receiver.start((_r, index) => (index === 0 ? 'hang' : { status: 200 }));
    try {
      const hook = await webhook({ url: slow.url });
      await emit();
      await slow.waitFor(2);
      const page = await eventually(async () => {
        const body = await logs(hook);
        return body.items.length === 2 && body;
      });
      expect(page.items[1]).toMatchObject({
        attempt: 1,
        status: 'failed',
        errorCode: 'TIMEOUT',
        willRetry: true,
      });
      expect(page.items[1].error).toMatch(/^Failed to call webhook: timed out/);
      expect(page.items[1].durationMs).toBeGreaterThanOrEqual(800);
      expect(page.items[0]).toMatchObject({ attempt: 2, status: 'succeeded' });
    } finally {
      await slow.close();
    }
  });

  it('never follows a redirect', async () => {
    const target = await Receiver.start();
    const redirecting = await Receiver.start(() => ({
      status: 302,
      headers: { location: `${target.url}/elsewhere` },
    }));
    try {
      const hook = await webhook({ url: redirecting.url });
      await emit();
      const page = await eventually(async () => {
        const body = await logs(hook);
        return body.items.length >= 1 && body;
      });
      expect(page.items[page.items.length - 1]).toMatchObject({
        status: 'failed',
        statusCode: 302,
        errorCode: 'REDIRECT',
      });
      expect(target.requests).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });

  it('stops at 410 Gone and disables the webhook with a reason', async () => {
    const gone = await Receiver.start(() => ({ status: 410 }));
    try {
      const hook = await webhook({ url: gone.url, events: ['AssessmentSubmitted'] });
      await emit({ event: 'AssessmentSubmitted' });
      await gone.waitFor(1);
      const webhookState = await eventually(async () => {
        const body = (await t.api().get(`/api/internal/webhooks/${hook}`).expect(200)).body;
        return body.enabled === false && body;
      });
      expect(webhookState.health.disabledReason).toMatch(/410 Gone/);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(gone.requests).toHaveLength(1);
      const page = await logs(hook);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ statusCode: 410, willRetry: false, status: 'failed' });
      // Disabled webhooks receive nothing more.
      expect((await emit({ event: 'AssessmentSubmitted' })).deliveries).toBe(0);
    } finally {
      await gone.close();
    }
  });

  it('honours Retry-After on 429', async () => {
    const limited = await Receiver.start((_r, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    try {
      const hook = await webhook({ url: limited.url });
      await emit();
      const [first, second] = await limited.waitFor(2);
      expect(second.at - first.at).toBeGreaterThanOrEqual(950);
      const page = await eventually(async () => {
        const body = await logs(hook);
        return body.items.length === 2 && body;
      });
      const retried = page.items[1];
      expect(Date.parse(retried.nextAttemptAt) - Date.parse(retried.createdAt)).toBeGreaterThanOrEqual(1000);
    } finally {
      await limited.close();
    }
  });

  it('answers a repeated event (Idempotency-Key or cuid) with the first answer and no new deliveries', async () => {
    const own = await Receiver.start();
    try {
      await webhook({ url: own.url, events: ['SchedulerEngagementSubmitted'] });
      const send = (headers: Record<string, string>, body: object = {}) =>
        t
          .api()
          .post('/api/internal/events')
          .set(headers)
          .send({ event: 'SchedulerEngagementSubmitted', clientCuid: 'c', targetCuid: 'e1', ...body })
          .expect(202);
      const first = (await send({ 'Idempotency-Key': 'key-1' })).body;
      expect(first.deliveries).toBe(1);
      expect((await send({ 'Idempotency-Key': 'key-1' })).body).toEqual(first);
      const byCuid = (await send({}, { cuid: 'producer-event-1' })).body;
      expect(byCuid).toEqual({ cuid: 'producer-event-1', deliveries: 1 });
      expect((await send({}, { cuid: 'producer-event-1' })).body).toEqual(byCuid);
      const parallel = await Promise.all([1, 2, 3, 4].map(() => send({ 'Idempotency-Key': 'key-2' })));
      expect(new Set(parallel.map((r) => r.body.cuid)).size).toBe(1);
      await own.waitFor(3);
      await new Promise((resolve) => setTimeout(resolve, 500)); // and nothing more
      expect(own.requests).toHaveLength(3);
    } finally {
      await own.close();
    }
  });

  it('matches by event, client scope and status', async () => {
    const scoped = await Receiver.start();
    try {
      await webhook({
        url: scoped.url,
        events: ['ReportStatusChanged'],
        statuses: ['Published'],
        clientCuids: ['client-9'],
      });
      const send = (body: object) => emit({ event: 'ReportStatusChanged', ...body });
      expect((await send({ clientCuid: 'client-9', status: 'Draft' })).deliveries).toBe(0);
      expect((await send({ clientCuid: 'client-8', status: 'Published' })).deliveries).toBe(0);
      expect((await send({ clientCuid: 'client-9', status: 'Published' })).deliveries).toBe(1);
      await scoped.waitFor(1);
    } finally {
      await scoped.close();
    }
  });

  it('refuses malformed events with readable 400s', async () => {
    const bad = async (body: object, expected: string) => {
      const res = await t.api().post('/api/internal/events').send(body).expect(400);
      expect(res.body.message.join('\n')).toContain(expected);
    };
    await bad({ event: 'Nope' }, 'event must be one of');
    await bad({ event: 'ReportPublished', targetCuid: 'a', targetCuids: ['b'] }, 'mutually exclusive');
    const target = { targetCuid: 'r1' };
    await bad({ event: 'ReportPublished', clientId: 'seven', ...target }, 'clientId must be an integer');
    await bad(
      { event: 'ReportPublished', context: { report: { url: 5 } }, ...target },
      'context.report.url must be a string',
    );
    await bad(
      { event: 'ReportPublished', context: { client: { name: 5 } }, ...target },
      'context.client.name must be a string',
    );
    await bad({ event: 'ReportPublished', extra: 1, ...target }, 'property extra should not exist');
    await bad({ event: 'ReportPublished' }, 'targetCuid is required');
  });

  it('paginates logs with a cursor and filters them', async () => {
    const hook = await webhook();
    const before = receiver.requests.length;
    for (let i = 0; i < 5; i++) await emit();
    await receiver.waitFor(before + 5);
    await eventually(async () => (await logs(hook)).items.length === 5);
    const first = await logs(hook, '?limit=2');
    const second = await logs(hook, `?limit=2&cursor=${first.nextCursor}`);
    const third = await logs(hook, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    const cuids = [...first.items, ...second.items, ...third.items].map((i: { cuid: string }) => i.cuid);
    expect(new Set(cuids).size).toBe(5);
    expect((await logs(hook, '?status=failed')).items).toHaveLength(0);
    expect((await logs(hook, '?event=ReportPublished')).items).toHaveLength(5);
    await t.api().get(`/api/internal/webhooks/${hook}/logs?limit=500`).expect(400);
    await t.api().get(`/api/internal/webhooks/${hook}/logs?cursor=nonsense`).expect(400);
    await t.api().get(`/api/internal/webhooks/unknown/logs`).expect(404);
  });

  it('recovers every failed delivery since a time', async () => {
    const down = await Receiver.start(() => ({ status: 500 }));
    try {
      const hook = await webhook({ url: down.url });
      const since = new Date().toISOString();
      await emit();
      await emit();
      await down.waitFor(12);
      await eventually(
        async () =>
          (await logs(hook, '?limit=200')).items.filter((i: { willRetry: boolean }) => !i.willRetry)
            .length === 2,
      );
      down.respondWith(() => ({ status: 200 }));
      const res = await t.api().post(`/api/internal/webhooks/${hook}/recover`).send({ since }).expect(202);
      expect(res.body).toEqual({ count: 2 });
      await down.waitFor(14);
      await t.api().post(`/api/internal/webhooks/${hook}/recover`).send({ since: 'yesterday' }).expect(400);
    } finally {
      await down.close();
    }
  });

  it('tests a connection check by check and logs tests of saved webhooks', async () => {
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    const unsaved = await t
      .api()
      .post('/api/internal/webhooks/test')
      .send({ url: `${receiver.url}/try`, secret: SECRET })
      .expect(200);
    expect(unsaved.body).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(unsaved.body.checks.map((c: { name: string }) => c.name)).toEqual([
      'url',
      'dns',
      'address',
      'tls',
      'redirect',
      'status',
      'latency',
    ]);
    const tried = receiver.requests[receiver.requests.length - 1];
    expect(JSON.parse(tried.body)).toMatchObject({ event: 'WebhookTest', targetType: 'webhook' });
    expect(tried.headers['x-authorization-hmac-256']).toBe(
      createHmac('sha256', SECRET).update(tried.body).digest('hex'),
    );

    const hook = await webhook();
    const saved = await t.api().post(`/api/internal/webhooks/${hook}/test`).expect(200);
    expect(saved.body.ok).toBe(true);
    const page = await logs(hook);
    expect(page.items[0]).toMatchObject({ event: 'WebhookTest', status: 'succeeded', attempt: 1 });

    const refused = await t
      .api()
      .post('/api/internal/webhooks/test')
      .send({ url: 'http://10.0.0.1/x' })
      .expect(200);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.checks.find((c: { name: string }) => c.name === 'address')).toMatchObject({
      ok: false,
    });
    const broken = await t.api().post('/api/internal/webhooks/test').send({ url: 'ftp://x' }).expect(200);
    expect(broken.body.checks[0]).toEqual({ name: 'url', ok: false, detail: 'url must use http or https' });
  });

  it('delivers in-process events from the event bus once they are stored', async () => {
    const { ExampleUpstreamService } =
      await import('../apps/server/src/example-upstream/example-upstream.service');
    const upstream = t.app.get(ExampleUpstreamService);
    const hook = await webhook({ events: ['FindingPublished'] });
    const client = { id: 3, cuid: 'client-bus', name: 'Bus Co' };
    const report = { id: 5, cuid: 'report-bus', name: 'Bus report', status: 'Published' };
    const findings = [
      { id: 1, cuid: 'f1', title: 'XSS', severity: 'High' },
      { id: 2, cuid: 'f2', title: 'CSRF', severity: 'Medium' },
    ];
    const before = receiver.requests.length;
    const accepted = await upstream.publishFindings({ cuid: 'u1', name: 'Ada' }, client, report, findings);
    expect(accepted.deliveries).toBe(1);
    const logged = await eventually(async () => (await logs(hook)).items[0]);
    const payload = JSON.parse(logged.requestBody);
    expect(payload).toMatchObject({
      event: 'FindingPublished',
      targetCuids: ['f1', 'f2'],
      actorCuid: 'u1',
      reportId: 5,
    });
    expect(payload).not.toHaveProperty('targetCuid');
    expect(receiver.requests.length).toBeGreaterThan(before);
    await expect(
      upstream.publishReport({ cuid: 'u1', name: 'Ada' }, client, { ...report, id: -1 }),
    ).rejects.toThrow();
  });

  it('signs with both the new and the previous secret for 24 h after a change', async () => {
    const own = await Receiver.start();
    try {
      const hook = await webhook({
        url: own.url,
        events: ['AssessmentSubmitted'],
        clientCuids: ['rotation'],
      });
      await t
        .api()
        .patch(`/api/internal/webhooks/${hook}`)
        .send({ secret: `${SECRET}-new` })
        .expect(200);
      await emit({ event: 'AssessmentSubmitted', clientCuid: 'rotation' });
      const [request] = await own.waitFor(1);
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
      for (const secret of [SECRET, `${SECRET}-new`]) {
        expect(() =>
          new StandardWebhook(Buffer.from(secret).toString('base64')).verify(request.body, headers),
        ).not.toThrow();
      }
      const hmac = createHmac('sha256', `${SECRET}-new`).update(request.body).digest('hex');
      expect(request.headers['x-authorization-hmac-256']).toBe(hmac);
    } finally {
      await own.close();
    }
  });

  it('prunes attempts older than HOOKPOST_LOG_RETENTION_DAYS', async () => {
    const { LogPruner } = await import('@hookpost/core');
    const hook = await webhook();
    await emit();
    await eventually(async () => (await logs(hook)).items.length === 1);
    const inFortyDays = Date.now() + 40 * 24 * 60 * 60 * 1000;
    expect(await t.app.get(LogPruner).prune(Date.now())).toBe(0);
    expect(await t.app.get(LogPruner).prune(inFortyDays)).toBeGreaterThanOrEqual(1);
    expect((await logs(hook)).items).toHaveLength(0);
  });

  it('accepts an event whose cached subscriber was deleted by another process', async () => {
    const hook = await webhook({ events: ['ReportStatusChanged'], clientCuids: ['stale-cache'] });
    expect((await emit({ event: 'ReportStatusChanged', clientCuid: 'stale-cache' })).deliveries).toBe(1);
    await t.sql('delete from webhook where cuid = $1', [hook]); // behind this process's back
    await emit({ event: 'ReportStatusChanged', clientCuid: 'stale-cache' }); // 202, not a foreign-key 500
  });

  it('reads subscribers again only when they changed, also when the news of a change was lost', async () => {
    const event = 'ReportStatusChanged';
    const scope = { event, clientCuid: 'versioned' };
    const hook = await webhook({ events: [event], clientCuids: ['versioned'] });
    const reads = jest.spyOn(t.app.get(WebhookRepository, { strict: false }), 'subscribers');
    const db = new Client({ connectionString: t.config.databaseUrl });
    await db.connect();
    const pastTheCache = () => new Promise((resolve) => setTimeout(resolve, MATCH_CACHE_MS + 50));
    try {
      expect((await emit(scope)).deliveries).toBe(1);
      await pastTheCache();
      expect((await emit(scope)).deliveries).toBe(1);
      expect(reads.mock.calls.filter(([read]) => read === event)).toHaveLength(1); // checked, not read

      // Changed by another process whose news never came (its update moved updated_at)...
      await db.query(`update webhook set client_cuids = '{other}', updated_at = now() where cuid = $1`, [
        hook,
      ]);
      await pastTheCache();
      expect((await emit(scope)).deliveries).toBe(0);
      // ...or disabled by its failures, which leaves updated_at alone.
      await db.query(`update webhook set client_cuids = '{versioned}', updated_at = now() where cuid = $1`, [
        hook,
      ]);
      await pastTheCache();
      expect((await emit(scope)).deliveries).toBe(1);
      await db.query('update webhook set enabled = false where cuid = $1', [hook]);
      await pastTheCache();
      expect((await emit(scope)).deliveries).toBe(0);
      expect(reads.mock.calls.filter(([read]) => read === event)).toHaveLength(4);
    } finally {
      reads.mockRestore();
      await db.end();
    }
  });
});
