import type { HookpostEvent } from './event-context';

/** What a connector hands to the core: a JSON body (serialised once by the core) and extra headers. */
export interface RenderedRequest {
  body: unknown;
  headers?: Record<string, string>;
}

/** The receiver's answer as the core's transport saw it (body capped at 64 KiB). */
export interface ConnectorResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Outcome = 'success' | 'retry' | 'permanent';

export interface Classification {
  outcome: Outcome;
  reason?: string;
}

export interface ConnectorLimits {
  /** Largest serialised body the destination accepts; the connector trims to fit. */
  maxBodyBytes?: number;
}

/**
 * A destination type. Pure: no I/O, no clock, no randomness. The core owns transport, signing,
 * retries and logs; a connector only shapes the message and, optionally, judges the answer.
 */
export interface Connector {
  /** Stable id stored on webhooks, e.g. `slack`. Lowercase letters, digits and dashes. */
  readonly type: string;
  readonly displayName: string;
  readonly description: string;
  /** Shown beside the URL field, e.g. `https://hooks.slack.com/services/…`. */
  readonly urlHint: string;
  /** URLs that look like this destination's; others are accepted with a warning. */
  readonly urlPattern?: RegExp;
  /**
   * The URL itself is a credential (whoever has a Slack, Teams or Discord webhook URL can post):
   * the core then stores it encrypted, like a secret, and never logs it.
   */
  readonly secretUrl?: boolean;
  /** Template used when a webhook has no `message`. */
  readonly defaultMessage: string;
  readonly limits?: ConnectorLimits;
  /** Escapes one variable value for this format before it is placed in the template. */
  escape?(value: string): string;
  /** Shapes the request body from the rendered message and the event. */
  render(message: string, event: HookpostEvent): RenderedRequest;
  /** Judges the receiver's answer; default: any 2xx succeeds, everything else is retried. */
  classify?(response: ConnectorResponse): Classification;
}

const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** Declares a connector; checks its metadata once so a bad plugin fails at registration, not at delivery. */
export function defineConnector<C extends Connector>(connector: C): C {
  if (!TYPE_PATTERN.test(connector.type)) {
    throw new Error(`Connector type "${connector.type}" must match ${TYPE_PATTERN}`);
  }
  for (const field of ['displayName', 'description', 'urlHint', 'defaultMessage'] as const) {
    if (!connector[field]) throw new Error(`Connector "${connector.type}" needs a ${field}`);
  }
  return connector;
}

/** The rule used when a connector has no `classify`: any 2xx succeeds. */
export function classifyByStatus(response: ConnectorResponse): Classification {
  if (response.statusCode >= 200 && response.statusCode < 300) return { outcome: 'success' };
  return { outcome: 'retry', reason: `HTTP ${response.statusCode}` };
}
