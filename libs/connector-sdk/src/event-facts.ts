import { TEST_EVENT } from './event-catalog';
import type { HookpostEvent } from './event-context';

/** One labelled value worth showing beside the message (Slack fields, Teams FactSet, Discord fields). */
export interface Fact {
  title: string;
  value: string;
}

/** Longest link a connector will put in a button; matches the longest webhook URL the core accepts. */
const MAX_LINK_LENGTH = 2048;

/**
 * The page a reader most likely wants: the event's own target first, the report as fallback.
 * Only well-formed http(s) URLs qualify, so a `javascript:` or garbage value never becomes a button.
 */
export function linkFor(event: HookpostEvent): string | undefined {
  const { finding, assessment, engagement, report } = event.context;
  const byTarget: Record<string, string | undefined> = {
    finding: finding?.url,
    assessment: assessment?.url,
    engagement: engagement?.url,
  };
  return [byTarget[event.targetType], report?.url].find(isWebLink);
}

/** A one-line title: the event name and what it is about, e.g. `Finding published: SQL injection`. */
export function headlineFor(event: HookpostEvent): string {
  if (event.event === TEST_EVENT) return event.eventName;
  const { finding, assessment, engagement, report, client } = event.context;
  const subjectByTarget: Record<string, string | undefined> = {
    finding:
      event.targetCuids && event.targetCuids.length > 1
        ? `${event.targetCuids.length} findings`
        : finding?.title,
    assessment: assessment?.name,
    engagement: engagement?.name,
  };
  const subject = subjectByTarget[event.targetType] || report?.name || client?.name;
  return subject ? `${event.eventName}: ${subject}` : event.eventName;
}

/** The facts a reader scans for, in a stable order; empty values are left out. Values are raw: escape them. */
export function keyFacts(event: HookpostEvent): Fact[] {
  const { client, report, finding, assessment, engagement, actor } = event.context;
  const findingCount = event.targetCuids?.length;
  const facts: [string, string | undefined][] = [
    ['Client', client?.name],
    ['Report', report?.name],
    ['Status', event.status ?? report?.status],
    ['Findings', findingCount && findingCount > 1 ? String(findingCount) : undefined],
    ['Finding', findingCount && findingCount > 1 ? undefined : finding?.title],
    ['Severity', finding?.severity],
    ['Assessment', assessment?.name],
    ['Engagement', engagement?.name],
    ['By', actor?.name],
  ];
  return facts.filter((f): f is [string, string] => !!f[1]).map(([title, value]) => ({ title, value }));
}

function isWebLink(value: string | undefined): value is string {
  if (!value || value.length > MAX_LINK_LENGTH) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
