import type { Outcome } from '../lib/delivery-status';

/** A delivery's or an attempt's state as a coloured pill; the colour follows its tone, never its word. */
export function StatusBadge({ outcome }: { outcome: Outcome }) {
  return <span className={`badge badge-${outcome.tone}`}>{outcome.label}</span>;
}
