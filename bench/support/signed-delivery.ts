import { createHmac, randomUUID } from 'node:crypto';
import type { EventBody } from './event-body';

/**
 * A delivery shaped and signed like Hookpost's generic HTTP connector sends it (PlexTrac's
 * WebhookPayload, the PlexTrac HMAC and the Standard Webhooks headers, both HMACs computed per
 * request), so the raw client and the relay put the same bytes on the wire as the service does.
 */
export function signedDelivery(event: EventBody, secret: string, userAgent: string) {
  const cuid = randomUUID();
  const body = JSON.stringify({
    cuid,
    actorCuid: event.actorCuid,
    event: event.event,
    targetCuid: event.targetCuid,
    targetType: 'report',
    text: `Report Published: ${event.context.client.name}||${event.context.report.name}`,
    clientId: event.clientId,
    reportId: event.reportId,
    status: event.status,
    occurredAt: new Date().toISOString(),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': userAgent,
    'x-hookpost-event': event.event,
    'x-hookpost-attempt': '1',
    'webhook-id': cuid,
    'webhook-timestamp': String(timestamp),
    'x-authorization-hmac-256': createHmac('sha256', secret).update(body).digest('hex'),
    'webhook-signature': `v1,${createHmac('sha256', secret).update(`${cuid}.${timestamp}.${body}`).digest('base64')}`,
  };
  return { body, headers };
}
