import { CONTEXT_SECTIONS, sectionEntries, type SectionSpec } from './context-sections';
import { TEST_EVENT } from './event-catalog';
import type { HookpostEvent } from './event-context';

/** One labelled value worth showing beside the message (Slack fields, Teams FactSet, Discord fields). */
export interface Fact {
  title: string;
  value: string;
}

/** Longest link a connector will put in a button; matches the longest webhook URL the core accepts. */
const MAX_LINK_LENGTH = 2048;

type Loose = Record<string, unknown> | undefined;

/** The context section named like the event's target type (`finding` for a FindingPublished), if any. */
function section(event: HookpostEvent, name: string): Loose {
  return Object.hasOwn(CONTEXT_SECTIONS, name) ? (event.context as Record<string, Loose>)[name] : undefined;
}

/** How many targets the event is about, when more than one. */
function manyTargets(event: HookpostEvent): number | undefined {
  const count = event.targetCuids?.length;
  return count && count > 1 ? count : undefined;
}

/**
 * The page a reader most likely wants: the event's own target first, the report as fallback.
 * Only well-formed http(s) URLs qualify, so a `javascript:` or garbage value never becomes a button.
 */
export function linkFor(event: HookpostEvent): string | undefined {
  return [section(event, event.targetType)?.url, event.context.report?.url].find(isWebLink);
}

/**
 * What a section is called by: its first field with a key fact (a report's name, a finding's title).
 * For the target of an event about many, their count (`2 findings`).
 */
function subjectOf(event: HookpostEvent, name: string): string | undefined {
  const count = name === event.targetType ? manyTargets(event) : undefined;
  if (count) return `${count} ${name}s`;
  const spec: SectionSpec | undefined = (CONTEXT_SECTIONS as Record<string, SectionSpec>)[name];
  const field = spec && Object.entries(spec.fields).find(([, f]) => f.kind !== 'list' && f.fact)?.[0];
  const value = field && section(event, name)?.[field];
  return typeof value === 'string' ? value : undefined;
}

/** A one-line title: the event name and what it is about, e.g. `Finding published: SQL injection`. */
export function headlineFor(event: HookpostEvent): string {
  if (event.event === TEST_EVENT) return event.eventName;
  const subject =
    subjectOf(event, event.targetType) || subjectOf(event, 'report') || subjectOf(event, 'client');
  return subject ? `${event.eventName}: ${subject}` : event.eventName;
}

/**
 * The facts a reader scans for, in section order (context-sections.ts): each field with a `fact`,
 * read like its variable (the context, else the top-level field). An event about many targets shows
 * their count instead of its target section's facts. Empty values are left out; values are raw:
 * escape them.
 */
export function keyFacts(event: HookpostEvent): Fact[] {
  const facts: Fact[] = [];
  const count = manyTargets(event);
  for (const [name, { fields }] of sectionEntries()) {
    if (count && name === event.targetType) {
      facts.push({ title: `${name[0].toUpperCase()}${name.slice(1)}s`, value: String(count) });
      continue;
    }
    for (const [field, spec] of Object.entries(fields)) {
      if (spec.kind === 'list' || !spec.fact) continue;
      const value = section(event, name)?.[field] ?? (spec.fallback && event[spec.fallback]);
      if (typeof value === 'string' && value) facts.push({ title: spec.fact, value });
      else if (typeof value === 'number' && Number.isFinite(value))
        facts.push({ title: spec.fact, value: String(value) });
    }
  }
  return facts;
}

function isWebLink(value: unknown): value is string {
  if (typeof value !== 'string' || !value || value.length > MAX_LINK_LENGTH) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
