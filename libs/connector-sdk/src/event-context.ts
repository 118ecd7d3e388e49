import type { CONTEXT_SECTIONS, SectionName } from './context-sections';

type ValueOf<F> = F extends { kind: 'number' } ? number : string;
type FieldValue<F> = F extends { kind: 'list'; item: infer I }
  ? { -readonly [K in keyof I]?: ValueOf<I[K]> }[]
  : ValueOf<F>;
type SectionValue<S> = S extends { fields: infer F }
  ? { -readonly [K in keyof F]?: FieldValue<F[K]> }
  : never;

/** One section of the context, e.g. `ContextSection<'report'>` = `{ id?: number; name?: string; … }`. */
export type ContextSection<S extends SectionName> = SectionValue<(typeof CONTEXT_SECTIONS)[S]>;

/**
 * Names and values that message variables draw from; supplied by the producer of an event.
 * Derived from CONTEXT_SECTIONS, so a field added there is typed here too.
 */
export type EventContext = { [S in SectionName]?: ContextSection<S> };

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
