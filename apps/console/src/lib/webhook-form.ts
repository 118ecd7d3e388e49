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
  rateLimit: number | null;
  maxInFlight: number | null;
  filter: Webhook['filter'];
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
    rateLimit: null,
    maxInFlight: null,
    filter: null,
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
    rateLimit: webhook.rateLimit,
    maxInFlight: webhook.maxInFlight,
    filter: webhook.filter,
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
    rateLimit: form.rateLimit,
    maxInFlight: form.maxInFlight,
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
  return errors;
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
