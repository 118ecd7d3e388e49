import { rowsOf } from './filter-rows';
import { splitList } from './format';
import { hasStatuses, type ConnectorSummary, type EventType, type Webhook, type WebhookInput } from './types';

/** The fields the API validates; a 400 message starting with one of these names belongs beside it. */
export const FIELDS = [
  'name',
  'type',
  'url',
  'secret',
  'sslVerification',
  'events',
  'clientCuids',
  'statuses',
  'enabled',
  'message',
  'ordering',
  'rateLimit',
  'maxInFlight',
  'filter',
  'signatureScheme',
] as const;

export interface FormState {
  name: string;
  type: string;
  url: string;
  sslVerification: boolean;
  events: EventType[];
  allClients: boolean;
  clientText: string;
  statusesText: string;
  enabled: boolean;
  message: string;
  ordering: Webhook['ordering'];
  /** As typed; empty: no limit. */
  rateLimitText: string;
  maxInFlightText: string;
  /** The rule last built or parsed; null: every event is delivered. */
  filter: Webhook['filter'];
  /** The JSON being typed when the filter is edited as JSON (it may not parse yet); null in the builder. */
  filterText: string | null;
  signatureScheme: Webhook['signatureScheme'];
}

/**
 * What happens to the stored secret on save: left alone, replaced by `value`, replaced by one the
 * server generates (shown once, in the save's response), or removed.
 */
export type SecretChange =
  { mode: 'keep' } | { mode: 'set'; value: string } | { mode: 'generate' } | { mode: 'clear' };

/** The `secret` value that asks the server to make one. */
export const GENERATE_SECRET = 'generate';

export function emptyForm(connector: ConnectorSummary): FormState {
  return {
    name: '',
    type: connector.type,
    url: '',
    sslVerification: true,
    events: [],
    allClients: true,
    clientText: '',
    statusesText: '',
    enabled: true,
    message: connector.defaultMessage,
    ordering: 'none',
    rateLimitText: '',
    maxInFlightText: '',
    filter: null,
    filterText: null,
    signatureScheme: 'hmac',
  };
}

export function formOf(webhook: Webhook): FormState {
  return {
    name: webhook.name,
    type: webhook.type,
    url: webhook.url,
    sslVerification: webhook.sslVerification,
    events: webhook.events,
    allClients: webhook.clientCuids.length === 0,
    clientText: webhook.clientCuids.join('\n'),
    statusesText: webhook.statuses.join(', '),
    enabled: webhook.enabled,
    message: webhook.message,
    ordering: webhook.ordering,
    rateLimitText: webhook.rateLimit === null ? '' : String(webhook.rateLimit),
    maxInFlightText: webhook.maxInFlight === null ? '' : String(webhook.maxInFlight),
    filter: webhook.filter,
    // A rule the builder cannot show opens as JSON.
    filterText: rowsOf(webhook.filter) === null ? filterJson(webhook.filter) : null,
    signatureScheme: webhook.signatureScheme,
  };
}

export function inputOf(form: FormState, secret: SecretChange): WebhookInput {
  const input: WebhookInput = {
    name: form.name.trim(),
    type: form.type,
    url: form.url.trim(),
    sslVerification: form.sslVerification,
    events: form.events,
    clientCuids: form.allClients ? [] : splitList(form.clientText),
    statuses: form.events.some(hasStatuses) ? splitList(form.statusesText) : [],
    enabled: form.enabled,
    message: form.message,
    ordering: form.ordering,
    rateLimit: countOf(form.rateLimitText),
    maxInFlight: countOf(form.maxInFlightText),
    filter: form.filter,
    signatureScheme: form.signatureScheme,
  };
  if (secret.mode === 'set' && secret.value !== '') input.secret = secret.value;
  if (secret.mode === 'generate') input.secret = GENERATE_SECRET;
  if (secret.mode === 'clear') input.secret = null;
  return input;
}

/** Mistakes the server would also catch, reported before a round trip and in the same words. */
export function localErrors(form: FormState): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!form.name.trim()) errors.name = ['name is required'];
  if (!form.url.trim()) errors.url = ['url is required'];
  if (form.events.length === 0) errors.events = ['events must list at least one event'];
  if (!form.allClients && splitList(form.clientText).length === 0)
    errors.clientCuids = ['clientCuids must list at least one client cuid, or choose all clients'];
  for (const [field, text, max] of [
    ['rateLimit', form.rateLimitText, MAX_RATE_LIMIT],
    ['maxInFlight', form.maxInFlightText, MAX_IN_FLIGHT],
  ] as const) {
    const problem = countProblem(field, text, max);
    if (problem) errors[field] = [problem];
  }
  const filter = form.filterText === null ? null : parseFilter(form.filterText);
  if (filter && 'error' in filter) errors.filter = [filter.error];
  return errors;
}

/** The API's upper bounds (CreateWebhookDto's @Max): a limit above them is surely a typo. */
export const MAX_RATE_LIMIT = 100_000;
export const MAX_IN_FLIGHT = 1000;

/** Empty is no limit (null); anything else is sent as a number for the API to judge. */
function countOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text.trim());
}

function countProblem(field: string, text: string, max: number): string | null {
  const count = countOf(text);
  if (count === null) return null;
  if (!Number.isInteger(count)) return `${field} must be an integer number`;
  if (count < 1) return `${field} must not be less than 1`;
  if (count > max) return `${field} must not be greater than ${max}`;
  return null;
}

export function filterJson(filter: Webhook['filter']): string {
  return filter === null ? '' : JSON.stringify(filter, null, 2);
}

/** The JSON editor's text as a filter: empty is none; the rule's own checks are the API's. */
export function parseFilter(text: string): { rule: Webhook['filter'] } | { error: string } {
  if (text.trim() === '') return { rule: null };
  try {
    return { rule: JSON.parse(text) as Webhook['filter'] };
  } catch (error) {
    return { error: `filter is not valid JSON: ${(error as Error).message}` };
  }
}

/** A new message follows the connector's default until the admin edits it. */
export function withType(
  form: FormState,
  from: ConnectorSummary | undefined,
  to: ConnectorSummary,
): FormState {
  const untouched = !form.message.trim() || form.message === from?.defaultMessage;
  return { ...form, type: to.type, message: untouched ? to.defaultMessage : form.message };
}
