import type { LookupAddress } from 'node:dns';
import type { HostLookup } from './host-resolver';

export interface DnsCacheOptions {
  /** How long an answer is reused. */
  ttlMs: number;
  /** Hosts remembered at most; the least recently used is forgotten first. */
  maxHosts?: number;
  /** Test hook: the clock. */
  now?: () => number;
}

const DEFAULT_MAX_HOSTS = 1000;

/**
 * A lookup that reuses each host's answer for `ttlMs`. `dns.lookup` is a `getaddrinfo` call on libuv's
 * four-thread pool: without this, every attempt to a hostname pays one (55 µs of CPU against
 * /etc/hosts on this project's machine, a round trip to the resolver elsewhere) and four slow answers
 * stall every other lookup. Concurrent lookups of one host share one call; failures are not kept.
 * Safe against rebinding because the transport still vets every address and connects to the vetted
 * one: a cached answer is one that was vetted, and a changed answer is vetted once the entry expires.
 */
export function cachingLookup(lookup: HostLookup, options: DnsCacheOptions): HostLookup {
  const { ttlMs, maxHosts = DEFAULT_MAX_HOSTS, now = Date.now } = options;
  const answers = new Map<string, { until: number; addresses: Promise<readonly LookupAddress[]> }>();
  return (hostname) => {
    const time = now();
    const kept = answers.get(hostname);
    if (kept && kept.until > time) {
      answers.delete(hostname); // re-inserted below: a Map keeps insertion order, so this is LRU
      answers.set(hostname, kept);
      return kept.addresses;
    }
    const addresses = lookup(hostname);
    const entry = { until: time + ttlMs, addresses };
    answers.delete(hostname);
    answers.set(hostname, entry);
    if (answers.size > maxHosts) answers.delete(answers.keys().next().value as string);
    addresses.catch(() => answers.get(hostname) === entry && answers.delete(hostname));
    return addresses;
  };
}
