import type { Connector, RenderedRequest } from '../connector';
import type { HookpostEvent } from '../event-context';
import { allSampleEvents } from '../sample-events';
import { jsonBytes } from '../text';
import { assertJsonSerialisable } from './assertions';

export interface RenderedSample {
  event: HookpostEvent;
  request: RenderedRequest;
  /** UTF-8 size of the body as the core will send it. */
  bytes: number;
}

/** The already-rendered message text to hand to `render` (the core's templating is not needed here). */
export type SampleMessage = string | ((event: HookpostEvent) => string);

/**
 * A plain message as the core would produce it from a simple template: values pass through the
 * connector's `escape`, literal text does not.
 */
export function defaultSampleMessage(connector: Connector): (event: HookpostEvent) => string {
  const escape = connector.escape?.bind(connector) ?? ((v: string) => v);
  return (event) => `${escape(event.eventName)} for ${escape(event.context.client?.name ?? 'no client')}`;
}

/**
 * Renders `events` (default: every catalog event, the many-findings variant and WebhookTest) and
 * checks what every connector owes the core: a JSON-serialisable body within `limits.maxBodyBytes`
 * and string-valued headers. Throws on the first breach; returns the renders for format checks.
 */
export function renderEverySample(
  connector: Connector,
  message: SampleMessage = defaultSampleMessage(connector),
  events: HookpostEvent[] = allSampleEvents(),
): RenderedSample[] {
  return events.map((event) => {
    const text = typeof message === 'function' ? message(event) : message;
    const request = connector.render(text, event);
    const label = `${connector.type} ${event.event}`;
    assertJsonSerialisable(request.body, `${label} body`);
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (typeof value !== 'string') throw new Error(`${label} header ${name} is not a string`);
    }
    const bytes = jsonBytes(request.body);
    const max = connector.limits?.maxBodyBytes;
    if (max !== undefined && bytes > max)
      throw new Error(`${label} body is ${bytes} bytes, over the ${max} limit`);
    return { event, request, bytes };
  });
}
