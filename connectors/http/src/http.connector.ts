import {
  classifyByStatus,
  defineConnector,
  jsonBytes,
  truncate,
  truncateToBytes,
  type HookpostEvent,
} from '@hookpost/connector-sdk';

/**
 * Largest body sent: 64 KiB stays under the request limits receivers commonly keep (Express's
 * default is 100 kB), so a long value costs a trimmed `text`, never a refused delivery.
 */
export const MAX_HTTP_BODY_BYTES = 65_536;
/** A status is a label; one longer than this is cut before `text` gives up all its room. */
const MAX_STATUS_LENGTH = 1000;

/** PlexTrac's `WebhookPayload` (DESIGN §5): what existing PlexTrac receivers already parse. */
export interface WebhookPayload {
  cuid: string;
  actorCuid: string;
  event: string;
  targetCuid?: string;
  targetCuids?: string[];
  targetType: string;
  text: string;
  clientId?: number;
  reportId?: number;
  findingId?: number;
  assessmentId?: number;
  status?: string;
  occurredAt: string;
}

export const httpConnector = defineConnector({
  type: 'http',
  displayName: 'Generic HTTP (JSON)',
  description: "PlexTrac's WebhookPayload as compact JSON, for any receiver you run.",
  urlHint: 'https://example.com/webhooks/hookpost',
  defaultMessage: '%EVENT_NAME%: %CLIENT_NAME%||%REPORT_NAME%',
  limits: { maxBodyBytes: MAX_HTTP_BODY_BYTES },

  render(message: string, event: HookpostEvent) {
    return { body: withinLimit(webhookPayload(message, event)) };
  },

  classify: classifyByStatus,
});

/** Keys in PlexTrac's order; unset optional keys are left out rather than sent as null. */
function webhookPayload(text: string, event: HookpostEvent): WebhookPayload {
  const many = event.targetCuids !== undefined && event.targetCuids.length > 0;
  const payload: WebhookPayload = {
    cuid: event.cuid,
    actorCuid: event.actorCuid,
    event: event.event,
    // One target or many, never both: receivers branch on which key is present.
    targetCuid: many ? undefined : event.targetCuid,
    targetCuids: many ? event.targetCuids : undefined,
    targetType: event.targetType,
    text,
    clientId: event.clientId,
    reportId: event.reportId,
    findingId: many ? undefined : event.findingId,
    assessmentId: event.assessmentId,
    status: event.status,
    occurredAt: event.occurredAt,
  };
  const sent = {} as Record<keyof WebhookPayload, unknown>;
  for (const key of Object.keys(payload) as (keyof WebhookPayload)[]) {
    if (payload[key] !== undefined) sent[key] = payload[key];
  }
  return sent as WebhookPayload;
}

/**
 * Trims `text` (and an overlong `status`) so the body fits MAX_HTTP_BODY_BYTES. Ids are never cut:
 * only a FindingPublished with thousands of targetCuids can still exceed the limit.
 */
function withinLimit(payload: WebhookPayload): WebhookPayload {
  if (jsonBytes(payload) <= MAX_HTTP_BODY_BYTES) return payload;
  const trimmed =
    payload.status === undefined
      ? payload
      : Object.assign({}, payload, { status: truncate(payload.status, MAX_STATUS_LENGTH) });
  const room = MAX_HTTP_BODY_BYTES - jsonBytes(Object.assign({}, trimmed, { text: '' })) + jsonBytes('');
  return Object.assign({}, trimmed, { text: truncateToBytes(payload.text, Math.max(room, jsonBytes(''))) });
}
