import { describeEvent, type Connector, type HookpostEvent } from '@hookpost/connector-sdk';
import type { EventFacts } from '../events/event.entity';
import { renderTemplate } from '../templating/template-renderer';

export interface RenderedDelivery {
  /** The exact bytes every attempt sends and signs. */
  body: string;
  headers: Record<string, string> | null;
}

/** The event as a connector sees it, for one delivery: its `cuid` is the delivery's. */
export function toConnectorEvent(
  deliveryCuid: string,
  event: string,
  facts: EventFacts,
  occurredAt: Date,
): HookpostEvent {
  const { clientCuid: _clientCuid, context, ...ids } = facts;
  return {
    ...ids,
    cuid: deliveryCuid,
    event,
    eventName: describeEvent(event).name,
    occurredAt: occurredAt.toISOString(),
    context: context ?? {},
  };
}

/** Template first (values escaped by the connector), then the connector shapes the request. */
export function renderDelivery(
  connector: Connector,
  template: string,
  event: HookpostEvent,
): RenderedDelivery {
  const message = renderTemplate(template, event, connector.escape?.bind(connector));
  const rendered = connector.render(message, event);
  return { body: JSON.stringify(rendered.body), headers: rendered.headers ?? null };
}

/** What intake stores for one webhook: the rendered request, or why its template failed to render. */
export type DeliveryContent =
  (RenderedDelivery & { renderError: null }) | { body: null; headers: null; renderError: string };

/**
 * `renderDelivery` for intake: a template that fails to render (over its budget, or refused since it
 * was saved) fails only its own webhook's delivery, which is stored with the reason instead of a body.
 */
export function renderDeliveryContent(
  connector: Connector,
  template: string,
  event: HookpostEvent,
): DeliveryContent {
  try {
    return { ...renderDelivery(connector, template, event), renderError: null };
  } catch (error) {
    return { body: null, headers: null, renderError: error instanceof Error ? error.message : String(error) };
  }
}

/** Every column of a fresh delivery row (bulk inserts bypass entity defaults), due now. */
export function newDelivery(cuid: string, event: string, rendered: RenderedDelivery, now: Date) {
  return {
    cuid,
    event,
    ...rendered,
    status: 'pending' as const,
    attempts: 0,
    retryBase: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
}
