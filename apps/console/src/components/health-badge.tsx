import type { Webhook } from '../lib/types';

/** One glance at a webhook's state: ok, failing n (consecutive), disabled: reason, or not used yet. */
export function HealthBadge({ webhook }: { webhook: Webhook }) {
  const { health, enabled } = webhook;
  if (!enabled) {
    const reason = health.disabledReason ?? 'by an admin';
    return <span className="badge badge-off">disabled: {reason}</span>;
  }
  if (health.consecutiveFailures > 0) {
    return <span className="badge badge-bad">failing {health.consecutiveFailures}</span>;
  }
  if (!health.lastStatus) return <span className="badge badge-idle">no deliveries yet</span>;
  return <span className="badge badge-ok">ok</span>;
}
