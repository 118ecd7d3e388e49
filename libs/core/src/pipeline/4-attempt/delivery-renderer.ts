import { describeEvent, eventDefinition, type Connector, type HookpostEvent } from '@hookpost/connector-sdk';
import type { EventFacts } from '../../persistence/entities/event.entity';
import { renderTemplate } from '../../templating/template-renderer';

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
  return Object.assign(ids, {
    cuid: deliveryCuid,
    event,
    eventName: describeEvent(event).name,
    occurredAt: occurredAt.toISOString(),
    context: context ?? {},
  });
}

/**
 * Template first (values escaped by the connector), then the connector shapes the request. Throws
 * a TemplateError when the template cannot be rendered (over its budget, or refused since it was saved).
 * A webhook still on its connector's default message sends an event's own default where it has one
 * (the operational events, which the connectors' defaults, written for reports, say nothing about).
 */
export function renderDelivery(
  connector: Connector,
  template: string,
  event: HookpostEvent,
): RenderedDelivery {
  const own =
    template === connector.defaultMessage ? eventDefinition(event.event)?.defaultMessage : undefined;
  const message = renderTemplate(own ?? template, event, connector.escape?.bind(connector));
  const rendered = connector.render(message, event);
  return { body: JSON.stringify(rendered.body), headers: rendered.headers ?? null };
}
