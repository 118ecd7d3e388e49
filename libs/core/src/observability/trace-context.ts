import {
  type Context,
  context as activeContext,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { parseTraceParent, W3CTraceContextPropagator } from '@opentelemetry/core';
import { randomBytes } from 'node:crypto';

const propagator = new W3CTraceContextPropagator();

/** Request headers that may carry W3C trace context (`traceparent`, `tracestate`). */
export type TraceHeaders = Record<string, string | string[] | undefined>;

/** The W3C `traceparent` that names `span` as the parent of whatever receives it. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** A `traceparent` shaped like an attempt's, with random ids: what a preview shows (nothing is traced). */
export function sampleTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The context a stored `traceparent` names, or a fresh root when there is none (or it is malformed). */
export function contextOf(traceparent: string | null | undefined): Context {
  const parent = traceparent ? parseTraceParent(traceparent) : null;
  return parent ? trace.setSpanContext(ROOT_CONTEXT, { ...parent, isRemote: true }) : ROOT_CONTEXT;
}

/**
 * The parent of work started by a request (its `traceparent` and `tracestate`), or, without one,
 * whatever span the caller has active (an embedding application that runs OpenTelemetry itself).
 */
export function contextFrom(headers: TraceHeaders | undefined): Context {
  if (headers?.traceparent) return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  return activeContext.active();
}

/** Marks `span` failed by a thrown error (the error itself goes on as it was). */
export function recordFailure(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
