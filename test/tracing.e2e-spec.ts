import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { eventually, Receiver } from './support/receiver';
import { ServerProcess } from './support/server-process';
import {
  cleanUp,
  serverProcessEnv,
  startTestApp,
  TEST_TOKEN,
  TestApp,
  uniqueNames,
} from './support/test-app';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** OpenTelemetry (DESIGN §12): intake and every attempt are spans of one trace; deliveries carry `traceparent`. */
describe('Tracing', () => {
  let t: TestApp;
  const exporter = new InMemorySpanExporter();
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await startTestApp(
      { HOOKPOST_RETRY_SCHEDULE: '150ms,150ms,150ms,150ms,150ms', HOOKPOST_DELIVERY_TIMEOUT_MS: '1000' },
      undefined,
      undefined,
      new SimpleSpanProcessor(exporter),
    );
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  async function receiver(responder?: ConstructorParameters<typeof Receiver>[0]): Promise<Receiver> {
    const started = await Receiver.start(responder);
    receivers.push(started);
    return started;
  }

  async function webhook(body: Record<string, unknown>): Promise<string> {
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'traced', events: ['ReportPublished'], ...body })
      .expect(201);
    return created.body.cuid;
  }

  async function emit(clientCuid: string, headers: Record<string, string> = {}): Promise<string> {
    const accepted = await t
      .api()
      .post('/api/internal/events')
      .set(headers)
      .send({ event: 'ReportPublished', clientCuid, targetCuid: 'report-1' })
      .expect(202);
    return accepted.body.cuid;
  }

  const spans = () => exporter.getFinishedSpans();
  const intakeOf = (eventCuid: string) =>
    spans().find((s) => s.name === 'hookpost.intake' && s.attributes['hookpost.event.cuid'] === eventCuid);
  const attemptsIn = (traceId: string) =>
    spans()
      .filter((s) => s.kind === SpanKind.CLIENT && s.spanContext().traceId === traceId)
      .sort((a, b) => Number(a.attributes['hookpost.attempt']) - Number(b.attributes['hookpost.attempt']));

  it('makes intake and every attempt, retries included, spans of one trace', async () => {
    const target = await receiver((_request, index) => (index < 2 ? { status: 503 } : { status: 200 }));
    const port = Number(new URL(target.url).port);
    await webhook({ url: `${target.url}/hook?token=s3cret-token`, clientCuids: ['c-retry'] });

    const eventCuid = await emit('c-retry');
    const requests = await target.waitFor(3);

    const intake = await eventually(async () => intakeOf(eventCuid));
    const traceId = intake.spanContext().traceId;
    expect(intake.kind).toBe(SpanKind.INTERNAL);
    expect(intake.attributes).toMatchObject({
      'hookpost.event.type': 'ReportPublished',
      'hookpost.delivery.count': 1,
    });
    const attempts = await eventually(async () => attemptsIn(traceId).length === 3 && attemptsIn(traceId));
    for (const span of attempts) {
      expect(span.parentSpanContext?.spanId).toBe(intake.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'POST',
        'url.full': `http://127.0.0.1:${port}/hook?token=REDACTED`,
        'server.address': '127.0.0.1',
        'server.port': port,
        'network.peer.address': '127.0.0.1',
      });
      expect(JSON.stringify(span.attributes)).not.toContain('s3cret-token');
    }
    expect(attempts.map((s) => s.attributes['http.response.status_code'])).toEqual([503, 503, 200]);
    expect(attempts.map((s) => s.attributes['error.type'])).toEqual(['503', '503', undefined]);
    expect(attempts.map((s) => s.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
    expect(attempts.map((s) => s.attributes['http.request.resend_count'])).toEqual([undefined, 1, 2]);

    // Each request named its own attempt span, in the intake's trace.
    const sent = requests.map((request) => TRACEPARENT.exec(String(request.headers.traceparent)));
    expect(sent.map((match) => match?.[1])).toEqual([traceId, traceId, traceId]);
    expect(sent.map((match) => match?.[2])).toEqual(attempts.map((s) => s.spanContext().spanId));
  });

  it("joins a producer's trace given in traceparent", async () => {
    const target = await receiver();
    await webhook({ url: `${target.url}/hook`, clientCuids: ['c-upstream'] });
    const upstreamTrace = '4bf92f3577b34da6a3ce929d0e0e4736';

    const eventCuid = await emit('c-upstream', { traceparent: `00-${upstreamTrace}-00f067aa0ba902b7-01` });
    const [request] = await target.waitFor(1);

    const intake = await eventually(async () => intakeOf(eventCuid));
    expect(intake.spanContext().traceId).toBe(upstreamTrace);
    expect(intake.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(String(request.headers.traceparent)).toMatch(new RegExp(`^00-${upstreamTrace}-`));
  });

  it('records a failure without a response, and keeps a credential URL out of url.full', async () => {
    const closed = await receiver();
    const url = `${closed.url}/services/T0001/B0001/slackSecretPart0123456789`;
    await closed.close();
    await webhook({ type: 'slack', url, clientCuids: ['c-down'] });

    const eventCuid = await emit('c-down');

    const intake = await eventually(async () => intakeOf(eventCuid));
    const first = await eventually(async () => attemptsIn(intake.spanContext().traceId)[0]);
    expect(first.attributes).toMatchObject({
      'url.full': `${new URL(url).origin}/REDACTED`,
      'error.type': 'CONNECTION_ERROR',
      'hookpost.connector': 'slack',
      'hookpost.outcome': 'retry',
    });
    expect(first.attributes).not.toHaveProperty('http.response.status_code');
    expect(first.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(first.status.message).toMatch(/^Failed to call webhook: connection refused/);
    expect(JSON.stringify(spans().map((s: ReadableSpan) => s.attributes))).not.toContain('slackSecretPart');
  });

  it('previews the traceparent a delivery sends', async () => {
    const preview = await t
      .api()
      .post('/api/internal/webhooks/preview')
      .send({ type: 'http', event: 'ReportPublished' })
      .expect(200);
    expect(preview.body.headers.traceparent).toMatch(TRACEPARENT);
  });
});

describe('Tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('sends no traceparent and previews none', async () => {
    const t = await startTestApp();
    const target = await Receiver.start();
    try {
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({ name: 'plain', url: target.url, events: ['ReportPublished'] })
        .expect(201);
      await t
        .api()
        .post('/api/internal/events')
        .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
        .send({ event: 'ReportPublished', clientCuid: 'c-1', targetCuid: 'report-1' })
        .expect(202);
      const [request] = await target.waitFor(1);
      expect(request.headers).not.toHaveProperty('traceparent');
      const preview = await t
        .api()
        .post('/api/internal/webhooks/preview')
        .send({ type: 'http', event: 'ReportPublished' })
        .expect(200);
      expect(preview.body.headers).not.toHaveProperty('traceparent');
    } finally {
      await t.close();
      await target.close();
    }
  });
});

/**
 * Spans leave over OTLP/HTTP for a real collector, at the URL OpenTelemetry's variables give. The
 * server runs in a process of its own: the exporter loads part of itself with a dynamic import,
 * which Jest's module sandbox refuses.
 */
describe('Tracing to an OTLP collector', () => {
  it.each<[string, (collector: string) => Record<string, string>, string]>([
    [
      'the base URL',
      (collector) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `${collector}/otel` }),
      '/otel/v1/traces',
    ],
    [
      'the traces URL, as given and before the base URL',
      (collector) => ({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/not-here',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector}/ingest/spans`,
      }),
      '/ingest/spans',
    ],
  ])('posts the intake span to %s', async (_label, env, path) => {
    const names = uniqueNames();
    const collector = await Receiver.start();
    const server = await ServerProcess.start({ ...serverProcessEnv(names), ...env(collector.url) });
    try {
      const accepted = await fetch(`${server.url}/api/internal/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'ReportPublished', clientCuid: 'c-otlp', targetCuid: 'report-1' }),
      });
      expect(accepted.status).toBe(202);
      await server.stop(); // shutting down sends the spans still buffered
      const [request] = await collector.waitFor(1);
      expect(request.path).toBe(path);
      expect(request.headers['content-type']).toBe('application/x-protobuf');
      expect(request.body).toContain('hookpost.intake');
    } finally {
      await server.stop();
      await collector.close();
      await cleanUp(names);
    }
  });
});
