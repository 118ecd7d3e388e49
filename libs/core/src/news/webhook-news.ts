/**
 * News between features, on the Nest event bus: the feature that changes something says so, and
 * whoever keeps a copy (the subscriber cache) listens, so no feature calls into another's internals.
 * NewsRelay carries it to the other processes sharing the same Redis.
 */

/** Webhooks were created, edited, deleted, or disabled by their deliveries (410 Gone). */
export const WEBHOOKS_CHANGED = 'hookpost.webhooks.changed';

export interface WebhooksChanged {
  cuids: string[];
  /** Set on news that came from another process (and so is not sent on again). */
  relayed?: true;
}
