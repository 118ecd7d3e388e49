/**
 * The record stage saw something an admin wants to hear about (DESIGN §12): a webhook failing, one
 * disabled, a delivery that used its last retry. Intake (of the same process) takes it in as an event
 * like any other, so it reaches whatever webhooks subscribe to it.
 */
export const OPERATIONAL_EVENT = 'hookpost.operational-event';

export type OperationalEventType = 'WebhookFailing' | 'WebhookDisabled' | 'DeliveryFailed';

/** The webhook concerned, as the event's `webhook` context section shows it. */
export interface OperationalWebhook {
  cuid: string;
  name: string;
  consecutiveFailures: number;
  failingSince: string | null;
  lastError: string | null;
  disabledReason: string | null;
}

export interface OperationalNews {
  event: OperationalEventType;
  webhook: OperationalWebhook;
  /** For DeliveryFailed: the delivery that failed for good. */
  delivery?: { cuid: string; event: string; attempts: number; error: string | null };
}
