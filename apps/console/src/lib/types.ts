/** Shapes of the Hookpost API (DESIGN §4, §7, §8) as the console uses them. */

export interface EventDescription {
  event: string;
  name: string;
  description: string;
  targetType: string;
  variables: string[];
}

export interface ConnectorSummary {
  type: string;
  displayName: string;
  description: string;
  urlHint: string;
  defaultMessage: string;
}

export interface WebhookHealth {
  consecutiveFailures: number;
  lastAttemptAt: string | null;
  lastStatus: 'succeeded' | 'failed' | null;
  disabledReason: string | null;
}

export interface Webhook {
  cuid: string;
  name: string;
  type: string;
  url: string;
  secret: string | null;
  hasSecret: boolean;
  sslVerification: boolean;
  events: string[];
  clientCuids: string[];
  statuses: string[];
  enabled: boolean;
  message: string;
  createdAt: string;
  updatedAt: string;
  health: WebhookHealth;
  warnings?: string[];
}

/** The writable fields; `secret` is sent only when the admin sets or clears it. */
export interface WebhookInput {
  name: string;
  type: string;
  url: string;
  secret?: string | null;
  sslVerification: boolean;
  events: string[];
  clientCuids: string[];
  statuses: string[];
  enabled: boolean;
  message: string;
}

export interface TestCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface TestReport {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  checks: TestCheck[];
  warnings: string[];
  error: string | null;
}

export interface RequestPreview {
  headers: Record<string, string>;
  body: string;
  bytes?: number;
  warnings?: string[];
}

export interface DeliveryAttempt {
  cuid: string;
  deliveryCuid: string;
  webhookCuid: string;
  event: string;
  attempt: number;
  status: 'succeeded' | 'failed';
  willRetry: boolean;
  nextAttemptAt: string | null;
  statusCode: number | null;
  durationMs: number;
  errorCode: string | null;
  error: string | null;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  createdAt: string;
}

export interface LogPage {
  items: DeliveryAttempt[];
  nextCursor: string | null;
}
