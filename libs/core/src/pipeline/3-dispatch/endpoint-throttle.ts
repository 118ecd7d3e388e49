/** An attempt slower than this marks its endpoint slow (a timeout always does). */
export const SLOW_ATTEMPT_MS = 1000;
/** How long an endpoint stays slow after its last slow attempt, unless a fast one clears it. */
const SLOW_FOR_MS = 30_000;

/**
 * Keeps one slow endpoint from taking every worker slot (head-of-line blocking): a webhook whose
 * recent attempts timed out or crawled may hold only a few slots at once; its other jobs wait and
 * healthy endpoints keep the rest. Fast endpoints are not limited. Per process, in memory.
 */
export class EndpointThrottle {
  private readonly inFlight = new Map<string, number>();
  private readonly slowUntil = new Map<string, number>();

  /** @param slowLimit slots a slow endpoint may hold at once */
  constructor(private readonly slowLimit: number) {}

  /** Takes a slot for the webhook, or returns false when it is slow and already at its limit. */
  tryAcquire(webhookCuid: string, now = Date.now()): boolean {
    const busy = this.inFlight.get(webhookCuid) ?? 0;
    if (busy >= this.slowLimit && this.isSlow(webhookCuid, now)) return false;
    this.inFlight.set(webhookCuid, busy + 1);
    return true;
  }

  /** Gives the slot back, noting whether the attempt was slow. */
  release(webhookCuid: string, slow: boolean, now = Date.now()): void {
    const busy = (this.inFlight.get(webhookCuid) ?? 1) - 1;
    if (busy > 0) this.inFlight.set(webhookCuid, busy);
    else this.inFlight.delete(webhookCuid);
    if (slow) this.slowUntil.set(webhookCuid, now + SLOW_FOR_MS);
    else this.slowUntil.delete(webhookCuid);
  }

  private isSlow(webhookCuid: string, now: number): boolean {
    const until = this.slowUntil.get(webhookCuid);
    if (until === undefined) return false;
    if (until > now) return true;
    this.slowUntil.delete(webhookCuid);
    return false;
  }
}
