/**
 * The sections of an event's `context` and their fields, declared once as data. Everything else
 * about them is derived from this table: the JSON Schema intake validates with and the OpenAPI
 * document shows (event-context.schema.ts), the `EventContext` type (event-context.ts), the
 * `%NAME%` template variables of DESIGN §6 (template-variables.ts), the key facts connectors show
 * (event-facts.ts) and how the largest sample grows (sample-events.ts).
 */

/**
 * What a field holds, which decides its JSON Schema, its TypeScript type and how the largest
 * sample grows it: `text` (names, titles: any length; grown to a few KB), `word` (a status or a
 * severity: kept short), `url` (grown long), `identifier` (a cuid, 1–64 characters) and `number`
 * (a numeric id).
 */
export type FieldKind = 'identifier' | 'number' | 'text' | 'word' | 'url';

/** Top-level event fields a context field falls back to when the producer left it out of `context`. */
export type FallbackField = 'actorCuid' | 'clientId' | 'reportId' | 'findingId' | 'assessmentId' | 'status';

export interface ValueField {
  kind: FieldKind;
  description?: string;
  /** The `%NAME%` variable that reads this field. */
  variable?: string;
  /** Read instead when the context lacks this field (e.g. `clientId` for `client.id`). */
  fallback?: FallbackField;
  /** Title of the key fact that shows this field (Slack fields, Teams FactSet, Discord fields). */
  fact?: string;
}

export interface ListField {
  kind: 'list';
  description: string;
  item: Record<string, ValueField>;
  /**
   * One variable per item, named `prefix` + the item's `key` field and giving its `value` field
   * (`%REPORT_CUSTOM_FIELD_<label>%`).
   */
  variables?: { prefix: string; key: string; value: string };
}

export type FieldSpec = ValueField | ListField;

export interface SectionSpec {
  description: string;
  fields: Record<string, FieldSpec>;
}

/*
 * Section order is the order of the key facts (client, report, status, finding…, then who did it)
 * and of each event's variable list; field order within a section is the order of its variables.
 */
export const CONTEXT_SECTIONS = {
  client: {
    description: 'The client the event concerns',
    fields: {
      name: { kind: 'text', variable: 'CLIENT_NAME', fact: 'Client' },
      id: { kind: 'number', variable: 'CLIENT_ID', fallback: 'clientId' },
      cuid: { kind: 'identifier', variable: 'CLIENT_CUID' },
    },
  },
  report: {
    description: 'The report',
    fields: {
      name: { kind: 'text', variable: 'REPORT_NAME', fact: 'Report' },
      id: { kind: 'number', variable: 'REPORT_ID', fallback: 'reportId' },
      cuid: { kind: 'identifier', variable: 'REPORT_CUID' },
      status: { kind: 'word', variable: 'REPORT_STATUS', fallback: 'status', fact: 'Status' },
      url: { kind: 'url', variable: 'REPORT_URL' },
      customFields: {
        kind: 'list',
        description: 'Report custom fields; %REPORT_CUSTOM_FIELD_<label>% reads one by its exact label',
        item: { label: { kind: 'text' }, value: { kind: 'text' } },
        variables: { prefix: 'REPORT_CUSTOM_FIELD_', key: 'label', value: 'value' },
      },
    },
  },
  finding: {
    description: 'The finding (one finding; many are given as targetCuids)',
    fields: {
      title: { kind: 'text', variable: 'FINDING_TITLE', fact: 'Finding' },
      severity: { kind: 'word', variable: 'FINDING_SEVERITY', fact: 'Severity' },
      id: { kind: 'number', variable: 'FINDING_ID', fallback: 'findingId' },
      url: { kind: 'url', variable: 'FINDING_URL' },
      cuid: { kind: 'identifier' },
      description: { kind: 'text', description: 'Reachable as {{finding.description}}' },
    },
  },
  assessment: {
    description: 'The assessment',
    fields: {
      name: { kind: 'text', variable: 'ASSESSMENT_NAME', fact: 'Assessment' },
      id: { kind: 'number', variable: 'ASSESSMENT_ID', fallback: 'assessmentId' },
      cuid: { kind: 'identifier' },
      url: { kind: 'url' },
    },
  },
  engagement: {
    description: 'The engagement request',
    fields: {
      name: { kind: 'text', variable: 'ENGAGEMENT_NAME', fact: 'Engagement' },
      id: { kind: 'number' },
      cuid: { kind: 'identifier' },
      url: { kind: 'url' },
    },
  },
  webhook: {
    description:
      'The webhook an operational event is about (WebhookFailing, WebhookDisabled, DeliveryFailed)',
    fields: {
      name: { kind: 'text', variable: 'WEBHOOK_NAME', fact: 'Webhook' },
      cuid: { kind: 'identifier', variable: 'WEBHOOK_CUID' },
      consecutiveFailures: {
        kind: 'number',
        variable: 'WEBHOOK_CONSECUTIVE_FAILURES',
        fact: 'Failed attempts in a row',
      },
      failingSince: {
        kind: 'word',
        description: 'When its current run of failed attempts began (ISO time)',
        variable: 'WEBHOOK_FAILING_SINCE',
        fact: 'Failing since',
      },
      lastError: { kind: 'text', variable: 'WEBHOOK_LAST_ERROR', fact: 'Last error' },
      disabledReason: { kind: 'text', variable: 'WEBHOOK_DISABLED_REASON', fact: 'Disabled because' },
    },
  },
  delivery: {
    description: 'The delivery a DeliveryFailed event is about',
    fields: {
      cuid: { kind: 'identifier', variable: 'DELIVERY_CUID' },
      event: {
        kind: 'word',
        description: 'The event it delivered',
        variable: 'DELIVERY_EVENT',
        fact: 'Event',
      },
      attempts: { kind: 'number', variable: 'DELIVERY_ATTEMPTS', fact: 'Attempts' },
      error: {
        kind: 'text',
        description: 'What its last attempt said',
        variable: 'DELIVERY_ERROR',
        fact: 'Error',
      },
    },
  },
  actor: {
    description: 'Who caused the event',
    fields: {
      name: { kind: 'text', variable: 'ACTOR_NAME', fact: 'By' },
      cuid: { kind: 'identifier', variable: 'ACTOR_CUID', fallback: 'actorCuid' },
    },
  },
} as const satisfies Record<string, SectionSpec>;

export type SectionName = keyof typeof CONTEXT_SECTIONS;

export const SECTION_NAMES = Object.keys(CONTEXT_SECTIONS) as SectionName[];

/** Every section with its fields, typed loosely for code that walks the table. */
export function sectionEntries(): [SectionName, SectionSpec][] {
  return Object.entries(CONTEXT_SECTIONS) as [SectionName, SectionSpec][];
}
