/**
 * The record stage saw something an admin wants to hear about (DESIGN §12): a webhook failing, one
 * disabled, a delivery that used its last retry. Intake (of the same process) takes it in as an event
 * like any other, so it reaches whatever webhooks subscribe to it.
 */
export const OPERATIONAL_EVENT = 'hookpost.operational-event';

export type OperationalEventType = 'WebhookFailing' | 'WebhookDisabled' | 'DeliveryFailed';

/** Operational events: never raised about a delivery of one of them. */
export const OPERATIONAL_EVENT_TYPES: readonly OperationalEventType[] = [
  'WebhookFailing',
  'WebhookDisabled',
  'DeliveryFailed',
];

export interface OperationalNews {
  event: OperationalEventType;
  /** The webhook concerned (the event's targetCuid). */
  webhookCuid: string;
  webhook: { cuid: string; name: string; consecutiveFailures: number; disabledReason: string | null };
  /** For DeliveryFailed: the delivery that failed for good. */
  delivery?: { cuid: string; event: string; attempts: number; error: string | null };
}
