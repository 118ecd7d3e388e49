import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { contextOf } from '../../observability/trace-context';
import type { DeliveryTarget, OutgoingDelivery, SentAttempt } from './delivery-sender';

const REDACTED = 'REDACTED';

/**
 * The span of one attempt: an HTTP client span (OpenTelemetry's HTTP semantic conventions), child
 * of the event's intake span when the delivery carries its `traceparent`, else a root (a connection test).
 */
export function startAttemptSpan(
  tracer: Tracer,
  target: DeliveryTarget,
  delivery: OutgoingDelivery,
  attempt: number,
  secretUrl: boolean,
): Span {
  const url = URL.parse(target.url);
  const attributes: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: 'POST' };
  if (url) {
    attributes[ATTR_URL_FULL] = urlForTrace(url, secretUrl);
    attributes[ATTR_SERVER_ADDRESS] = url.hostname.replace(/^\[|\]$/g, '');
    attributes[ATTR_SERVER_PORT] = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  }
  if (attempt > 1) attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = attempt - 1;
  attributes['hookpost.event.type'] = delivery.event;
  attributes['hookpost.delivery.cuid'] = delivery.cuid;
  attributes['hookpost.attempt'] = attempt;
  attributes['hookpost.connector'] = target.type;
  return tracer.startSpan('POST', { kind: SpanKind.CLIENT, attributes }, contextOf(delivery.traceParent));
}

/**
 * Ends the span with what the attempt got. A failed attempt is an error span whose `error.type` is
 * the status code when one arrived and was an HTTP error, else the attempt's error code
 * (`TIMEOUT`, `CONNECTION_ERROR`, … or `HTTP_ERROR` for a 2xx the connector refused).
 */
export function endAttemptSpan(span: Span, { result, verdict }: SentAttempt): void {
  if (result.remoteAddress) span.setAttribute(ATTR_NETWORK_PEER_ADDRESS, result.remoteAddress);
  if (result.statusCode !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.statusCode);
  span.setAttribute('hookpost.outcome', verdict.outcome);
  if (verdict.outcome !== 'success') {
    const status = result.statusCode ?? 0;
    const errorType =
      result.errorCode ?? (status >= 400 ? String(status) : (verdict.errorCode ?? 'HTTP_ERROR'));
    span.setAttribute(ATTR_ERROR_TYPE, errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: verdict.error ?? undefined });
  }
  span.end();
}

/**
 * `url.full` with nothing that lets a reader of the traces post to the endpoint: user name and
 * password as the conventions ask, every query value (webhook URLs often carry tokens there), and
 * the whole path of a credential URL (Slack, Teams, …: its path is the secret).
 */
export function urlForTrace(url: URL, secretUrl: boolean): string {
  if (secretUrl) return `${url.origin}/${REDACTED}`;
  const copy = new URL(url);
  if (copy.username) copy.username = REDACTED;
  if (copy.password) copy.password = REDACTED;
  copy.hash = '';
  const keys = [...copy.searchParams.keys()];
  if (keys.length) copy.search = keys.map((key) => `${encodeURIComponent(key)}=${REDACTED}`).join('&');
  return copy.href;
}
