import type {
  ConnectorSummary,
  EventDescription,
  LogPage,
  PreviewRequest,
  RequestPreview,
  TestReport,
  Webhook,
  WebhookInput,
} from './types';

/** A failed API call: the HTTP status and Nest's message(s), always as a list. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join('; ') || `Request failed with HTTP ${status}`);
  }
}

/** Thin client for /api/internal; `onUnauthorized` lets the app sign out when the token stops working. */
export function createApi(token: string, onUnauthorized: () => void) {
  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(`/api/internal${path}`, {
      method,
      signal,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) onUnauthorized();
    const text = await response.text();
    const data: unknown = text ? parseJson(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, messagesOf(data, response));
    return data as T;
  }

  return {
    events: () => call<EventDescription[]>('GET', '/webhookevents'),
    connectors: () => call<ConnectorSummary[]>('GET', '/connectors'),
    webhooks: () => call<Webhook[]>('GET', '/webhooks'),
    webhook: (cuid: string) => call<Webhook>('GET', `/webhooks/${encodeURIComponent(cuid)}`),
    create: (input: WebhookInput) => call<Webhook>('POST', '/webhooks', input),
    update: (cuid: string, input: Partial<WebhookInput>) =>
      call<Webhook>('PATCH', `/webhooks/${encodeURIComponent(cuid)}`, input),
    remove: (cuid: string) => call<void>('DELETE', `/webhooks/${encodeURIComponent(cuid)}`),
    testSaved: (cuid: string) => call<TestReport>('POST', `/webhooks/${encodeURIComponent(cuid)}/test`),
    testUnsaved: (
      input: Pick<WebhookInput, 'url' | 'type' | 'sslVerification' | 'message' | 'signatureScheme'> & {
        secret?: string;
      },
    ) => call<TestReport>('POST', '/webhooks/test', input),
    preview: (request: PreviewRequest, signal?: AbortSignal) =>
      call<RequestPreview>('POST', '/webhooks/preview', request, signal),
    logs: (cuid: string, query: { status?: string; event?: string; cursor?: string }) => {
      const params = new URLSearchParams({ limit: '25' });
      for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
      return call<LogPage>('GET', `/webhooks/${encodeURIComponent(cuid)}/logs?${params}`);
    },
    redeliver: (cuid: string, deliveryCuid: string) =>
      call<void>(
        'POST',
        `/webhooks/${encodeURIComponent(cuid)}/deliveries/${encodeURIComponent(deliveryCuid)}/redeliver`,
      ),
  };
}

export type Api = ReturnType<typeof createApi>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messagesOf(data: unknown, response: Response): string[] {
  const message = (data as { message?: unknown } | undefined)?.message;
  if (Array.isArray(message)) return message.map(String);
  if (typeof message === 'string') return [message];
  return [`${response.status} ${response.statusText}`.trim()];
}

/** Splits validation messages by the field they start with ("url must use http…" → url). */
export function fieldErrors(
  error: unknown,
  fields: readonly string[],
): { byField: Record<string, string[]>; other: string[] } {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  const messages =
    error instanceof ApiError ? error.messages : [error instanceof Error ? error.message : String(error)];
  for (const message of messages) {
    const field = fieldOf(message, fields);
    if (field) (byField[field] ??= []).push(message);
    else other.push(message);
  }
  return { byField, other };
}

function fieldOf(message: string, fields: readonly string[]): string | undefined {
  const first = message.split(/\s/, 1)[0]?.replace(/[.:,]$/, '') ?? '';
  // class-validator writes "each value in events must…" for array items: that is the events field.
  const each = /^each value in (\w+)/.exec(message)?.[1];
  const name = each ?? first.split('.')[0];
  return fields.includes(name) ? name : undefined;
}
