import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { endAttemptSpan, startAttemptSpan, urlForTrace } from './attempt-span';
import type { DeliveryTarget, SentAttempt } from './delivery-sender';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
  'test',
);
afterEach(() => exporter.reset());

const target: DeliveryTarget = {
  type: 'http',
  url: 'https://hooks.example.com:8443/in?token=s3cret&tenant=7',
  sslVerification: true,
  secrets: { secret: null, previousSecret: null },
  signatureScheme: 'hmac',
};
const delivery = { cuid: 'd1', event: 'ReportPublished', body: '{}', headers: null };
const intake = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function attempt(sent: Pick<SentAttempt, 'result' | 'verdict'>, number = 1) {
  const span = startAttemptSpan(tracer, target, { ...delivery, traceParent: intake }, number, false);
  endAttemptSpan(span, { ...sent, requestHeaders: {} });
  return exporter.getFinishedSpans()[0];
}

describe('attempt spans', () => {
  it("are HTTP client spans, children of the intake span, with the conventions' attributes", () => {
    const span = attempt({
      result: {
        ok: true,
        statusCode: 200,
        headers: {},
        body: 'ok',
        durationMs: 3,
        remoteAddress: '203.0.113.9',
      },
      verdict: { outcome: 'success', errorCode: null, error: null },
    });
    expect(span.name).toBe('POST');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span.attributes).toEqual({
      'http.request.method': 'POST',
      'url.full': 'https://hooks.example.com:8443/in?token=REDACTED&tenant=REDACTED',
      'server.address': 'hooks.example.com',
      'server.port': 8443,
      'network.peer.address': '203.0.113.9',
      'http.response.status_code': 200,
      'hookpost.event.type': 'ReportPublished',
      'hookpost.delivery.cuid': 'd1',
      'hookpost.attempt': 1,
      'hookpost.connector': 'http',
      'hookpost.outcome': 'success',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('mark an HTTP error with its status code as error.type, and count resends', () => {
    const span = attempt(
      {
        result: { ok: true, statusCode: 503, headers: {}, body: '', durationMs: 3 },
        verdict: { outcome: 'retry', errorCode: 'HTTP_ERROR', error: 'Failed to call webhook: HTTP 503' },
      },
      3,
    );
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 503,
      'error.type': '503',
      'http.request.resend_count': 2,
      'hookpost.outcome': 'retry',
    });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Failed to call webhook: HTTP 503' });
  });

  it('name a failure without a response by its error code', () => {
    const span = attempt({
      result: { ok: false, headers: {}, body: '', durationMs: 5000, errorCode: 'TIMEOUT' },
      verdict: {
        outcome: 'retry',
        errorCode: 'TIMEOUT',
        error: 'Failed to call webhook: timed out after 5000 ms',
      },
    });
    expect(span.attributes['error.type']).toBe('TIMEOUT');
    expect(span.attributes).not.toHaveProperty('http.response.status_code');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('call a 2xx the connector refused an HTTP_ERROR', () => {
    const span = attempt({
      result: { ok: true, statusCode: 200, headers: {}, body: 'invalid_payload', durationMs: 3 },
      verdict: {
        outcome: 'permanent',
        errorCode: 'HTTP_ERROR',
        error: 'Failed to call webhook: HTTP 200: invalid_payload',
      },
    });
    expect(span.attributes['error.type']).toBe('HTTP_ERROR');
  });

  it('start a trace of their own without a traceparent (a connection test)', () => {
    const span = startAttemptSpan(tracer, target, delivery, 1, false);
    span.end();
    expect(exporter.getFinishedSpans()[0].parentSpanContext).toBeUndefined();
  });
});

describe('urlForTrace', () => {
  it.each([
    ['https://example.com/hook', 'https://example.com/hook'],
    [
      'https://example.com/hook?a=1&a=2&key=x#frag',
      'https://example.com/hook?a=REDACTED&a=REDACTED&key=REDACTED',
    ],
    ['http://user:pass@example.com/', 'http://REDACTED:REDACTED@example.com/'],
    ['http://[::1]:8080/x', 'http://[::1]:8080/x'],
  ])('%s → %s', (url, traced) => {
    expect(urlForTrace(new URL(url), false)).toBe(traced);
  });

  it('keeps only the origin of a credential URL, whose path is the secret', () => {
    expect(urlForTrace(new URL('https://hooks.slack.com/services/T0/B0/secretPart'), true)).toBe(
      'https://hooks.slack.com/REDACTED',
    );
  });
});
