import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { contextFrom, contextOf, sampleTraceparent, traceparentOf } from './trace-context';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context', () => {
  it('round-trips a span through its traceparent', () => {
    const span = new BasicTracerProvider().getTracer('test').startSpan('x', {}, contextOf(TRACEPARENT));
    const parent = trace.getSpanContext(contextOf(traceparentOf(span)));
    const { traceId, spanId, traceFlags } = span.spanContext();
    expect(parent).toMatchObject({ traceId, spanId, traceFlags, isRemote: true });
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('starts afresh from a missing or malformed traceparent', () => {
    for (const stored of [
      null,
      undefined,
      '',
      'garbage',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    ]) {
      expect(trace.getSpanContext(contextOf(stored))).toBeUndefined();
    }
  });

  it("reads a request's traceparent and tracestate", () => {
    const parent = trace.getSpanContext(contextFrom({ traceparent: TRACEPARENT, tracestate: 'vendor=1' }));
    expect(parent).toMatchObject({ spanId: 'b7ad6b7169203331', isRemote: true });
    expect(parent?.traceState?.get('vendor')).toBe('1');
    expect(trace.getSpanContext(contextFrom({}))).toBeUndefined();
  });

  it('samples traceparents in the W3C shape', () => {
    expect(sampleTraceparent()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
