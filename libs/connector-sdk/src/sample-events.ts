import { CONTEXT_SECTIONS, type FieldSpec, type SectionName } from './context-sections';
import {
  EVENT_DEFINITIONS,
  EVENT_TYPES,
  TEST_EVENT,
  type DescribedEvent,
  type EventDefinition,
  type EventType,
} from './event-catalog';
import type { EventContext, HookpostEvent } from './event-context';
import { ACTOR, CLIENT, FINDING, SECOND_FINDING_CUID } from './sample-data';

/**
 * Realistic, fixed events for previews, docs and tests: each event's `sample` (event-catalog.ts)
 * made whole. Deterministic on purpose (no clock, no random ids) so a preview or a snapshot is the
 * same every time.
 */

/** Fields to change on a sample; `context` sections replace the sample's sections of the same name. */
export type SampleOverrides = Partial<Omit<HookpostEvent, 'context'>> & { context?: EventContext };

/**
 * A realistic event of that type. Giving `targetCuids` turns it into a many-target event
 * (`targetCuid`/`findingId` dropped, as the payload never carries both).
 */
export function sampleEvent(event: DescribedEvent, overrides: SampleOverrides = {}): HookpostEvent {
  const { context, ...fields } = overrides;
  const { name, targetType, sample } = EVENT_DEFINITIONS[event];
  const result: HookpostEvent = {
    cuid: 'cm1delivery0000sample0001',
    event,
    eventName: name,
    actorCuid: sample.context.actor?.cuid ?? ACTOR.cuid,
    targetType,
    ...sample,
    occurredAt: '2025-01-15T14:30:00.000Z',
    ...fields,
    context: { ...sample.context, ...context },
  };
  if (fields.targetCuids) {
    delete result.targetCuid;
    delete result.findingId;
  }
  // A deep copy, so a caller that edits its sample never changes the next one (or the catalog).
  return structuredClone(result);
}

/**
 * What a producer sends (`POST /api/internal/events`, or an in-process event) for that event's
 * sample: the OpenAPI document's example, and what tests post through intake.
 */
export function sampleInput(event: EventType): Record<string, unknown> {
  const { sample } = EVENT_DEFINITIONS[event];
  return structuredClone({ event, actorCuid: ACTOR.cuid, clientCuid: CLIENT.cuid, ...sample });
}

/** A FindingPublished event for two findings at once (`targetCuids`, no single `finding` context). */
export function sampleManyFindingsEvent(): HookpostEvent {
  const event = sampleEvent('FindingPublished', { targetCuids: [FINDING.cuid, SECOND_FINDING_CUID] });
  delete event.context.finding;
  return event;
}

/** One sample per catalog event, the many-findings variant and the test event: what a connector must handle. */
export function allSampleEvents(): HookpostEvent[] {
  return [
    ...EVENT_TYPES.map((type) => sampleEvent(type)),
    sampleManyFindingsEvent(),
    sampleEvent(TEST_EVENT),
  ];
}

/** Length of every long text in the largest sample: a long report name or custom field, a few KB. */
const LONG_TEXT_LENGTH = 4096;
/** A big real report and a big FindingPublished: list items (custom fields), key length, targets per event. */
const MAX_LIST_ITEMS = 100;
const MAX_KEY_LENGTH = 200;
const MAX_TARGETS = 1000;
/** Prose with the characters connectors escape, so escaping grows it as it would grow real text. */
const FILLER =
  ' Notes & <details>: "quoted", *bold*, _italic_, `code`, ~strike~ and a [link](https://x.example).';

/**
 * The biggest realistic event of that type: every `text` field a few KB long, URLs too, every list
 * (a report's custom fields) 100 items long, and for an event about many targets (`manyTargets`)
 * 1,000 `targetCuids`. Templates are tried against it at save, preview and test, so one that passes
 * there fits the render budget for real events (a larger event may still stop at the budget,
 * failing only that delivery). Deterministic, like `sampleEvent`.
 */
export function largestSampleEvent(event: DescribedEvent): HookpostEvent {
  const context: EventContext = Object.fromEntries(
    Object.entries(sampleEvent(event).context).map(([section, values]) => [
      section,
      lengthen(section as SectionName, values),
    ]),
  );
  const { manyTargets, targetType }: EventDefinition = EVENT_DEFINITIONS[event];
  if (!manyTargets) return sampleEvent(event, { context });
  const targetCuid = (i: number) => `cm1${targetType}${String(i).padStart(15, '0')}`;
  return sampleEvent(event, {
    targetCuids: Array.from({ length: MAX_TARGETS }, (_, i) => targetCuid(i)),
    context,
  });
}

/** The section with its text and URLs made long and its lists full; ids, words and numbers stay as they are. */
function lengthen(section: SectionName, values: object): object {
  const fields: Record<string, FieldSpec> = CONTEXT_SECTIONS[section].fields;
  const grown = Object.entries(values).map(([key, value]) => [key, grow(fields[key], value)]);
  const lists = Object.entries(fields).flatMap(([key, spec]) =>
    spec.kind === 'list' ? [[key, Array.from({ length: MAX_LIST_ITEMS }, (_, i) => listItem(spec, i))]] : [],
  );
  return Object.fromEntries([...grown, ...lists]);
}

function grow(spec: FieldSpec | undefined, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (spec?.kind === 'url') return `${value}?ref=${'0123456789abcdef'.repeat(LONG_TEXT_LENGTH / 16)}`;
  return spec?.kind === 'text' ? padded(value, LONG_TEXT_LENGTH) : value;
}

/** Item `index` of a full list: distinct keys (custom field labels) of 200 characters, other text long. */
function listItem(spec: Extract<FieldSpec, { kind: 'list' }>, index: number): Record<string, string> {
  return Object.fromEntries(
    Object.keys(spec.item).map((key) => [
      key,
      padded(`${key} ${index + 1}`, key === spec.variables?.key ? MAX_KEY_LENGTH : LONG_TEXT_LENGTH),
    ]),
  );
}

function padded(text: string, length: number): string {
  return (text + FILLER.repeat(Math.ceil(length / FILLER.length))).slice(0, length);
}
