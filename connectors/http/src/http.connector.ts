import { classifyByStatus, defineConnector, type HookpostEvent } from '@hookpost/connector-sdk';

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

  render(message: string, event: HookpostEvent) {
    return { body: webhookPayload(message, event) };
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
    ...(many ? { targetCuids: event.targetCuids } : { targetCuid: event.targetCuid }),
    targetType: event.targetType,
    text,
    clientId: event.clientId,
    reportId: event.reportId,
    findingId: many ? undefined : event.findingId,
    assessmentId: event.assessmentId,
    status: event.status,
    occurredAt: event.occurredAt,
  };
  return Object.fromEntries(
    Object.entries(payload).filter(([, value]) => value !== undefined),
  ) as WebhookPayload;
}
