/** Names and values that message variables draw from; supplied by the producer of an event. */
export interface EventContext {
  actor?: { cuid?: string; name?: string };
  client?: { id?: number; cuid?: string; name?: string };
  report?: {
    id?: number;
    cuid?: string;
    name?: string;
    status?: string;
    url?: string;
    customFields?: { label?: string; value?: string }[];
  };
  finding?: {
    id?: number;
    cuid?: string;
    title?: string;
    severity?: string;
    description?: string;
    url?: string;
  };
  assessment?: { id?: number; cuid?: string; name?: string; url?: string };
  engagement?: { id?: number; cuid?: string; name?: string; url?: string };
}

/** Who did what to which object: the identifiers of PlexTrac's WebhookPayload. */
export interface EventIds {
  actorCuid: string;
  targetType: string;
  targetCuid?: string;
  targetCuids?: string[];
  clientId?: number;
  reportId?: number;
  findingId?: number;
  assessmentId?: number;
  status?: string;
}

/** One event as a connector sees it, for one delivery (cuid = the delivery's cuid, stable across retries). */
export interface HookpostEvent extends EventIds {
  cuid: string;
  event: string;
  eventName: string;
  occurredAt: string;
  context: EventContext;
}
