import { BadRequestException } from '@nestjs/common';
import {
  isEventType,
  largestSampleEvent,
  TEST_EVENT,
  type Connector,
  type HookpostEvent,
} from '@hookpost/connector-sdk';
import { TemplateBudgetError } from '../templating/template-renderer';
import { renderDelivery, type RenderedDelivery } from '../pipeline/4-attempt/delivery-renderer';

/*
 * Save, preview and test render a message template against the largest realistic event of each
 * event it is for, so a template that would pass the render budget, or fail to render at all, is
 * refused with a 400 there rather than failing its deliveries later.
 */

/** Why `message` cannot be rendered for the largest sample of each event, as `message …` texts; [] when it can. */
export function renderRefusals(connector: Connector, message: string, events: readonly string[]): string[] {
  const known = events.filter((event) => isEventType(event) || event === TEST_EVENT);
  return known.flatMap((event) => {
    try {
      renderDelivery(connector, message, largestSampleEvent(event));
      return [];
    } catch (error) {
      return [refusal(error, event)];
    }
  });
}

/** Throws a 400 listing `renderRefusals`, if any. */
export function assertRenders(connector: Connector, message: string, events: readonly string[]): void {
  const refusals = renderRefusals(connector, message, events);
  if (refusals.length) throw new BadRequestException(refusals);
}

/** `renderDelivery`, answering a 400 rather than a 500 when the template cannot be rendered. */
export function renderOrRefuse(
  connector: Connector,
  message: string,
  event: HookpostEvent,
): RenderedDelivery {
  try {
    return renderDelivery(connector, message, event);
  } catch (error) {
    throw new BadRequestException([refusal(error, event.event)]);
  }
}

/** A budget error says what was exceeded; any other names where the template broke ("Line 1, column 5: …"). */
function refusal(error: unknown, event: string): string {
  if (error instanceof TemplateBudgetError)
    return `message exceeds the render budget for ${event}: ${error.exceeded}`;
  const reason = error instanceof Error ? error.message : String(error);
  return `message cannot be rendered for ${event}: ${reason}`;
}
