import { type LookupAddress, promises as dns } from 'node:dns';
import { classifyIp } from './address-classifier';
import type { CidrList } from './cidr-list';
import { formatIp, parseIpLiteral } from './ip-address';

/** Resolves a hostname to every address it has (like `dns.lookup` with `all: true`). */
export type HostLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

// `verbatim` keeps the resolver's order, so the pinned address is the one the system prefers.
export const systemLookup: HostLookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface VettedHost {
  /** Canonical addresses, in resolver order; a literal host gives just itself. */
  addresses: string[];
  /** Why the host must not be contacted, when any of its addresses is blocked. */
  blocked?: string;
}

/**
 * Resolves `hostname` (a name or an IP literal in any spelling) and vets every address: one
 * blocked address blocks the host, since a later connection could pick that one. DNS failures
 * are thrown as the resolver's error (with its `code`, e.g. ENOTFOUND).
 */
export async function resolveAndVet(
  hostname: string,
  allow: CidrList,
  lookup: HostLookup = systemLookup,
): Promise<VettedHost> {
  const literal = parseIpLiteral(hostname);
  const ips = literal ? [literal] : (await lookup(hostname)).map((entry) => parseIpLiteral(entry.address));
  if (ips.length === 0) {
    throw Object.assign(new Error(`no addresses found for ${hostname}`), { code: 'ENODATA' });
  }
  const addresses: string[] = [];
  let blocked: string | undefined;
  for (const ip of ips) {
    if (!ip) {
      blocked ??= `${hostname} resolves to something that is not an IP address`;
      continue;
    }
    const address = formatIp(ip);
    if (!addresses.includes(address)) addresses.push(address);
    const verdict = classifyIp(ip, allow);
    const subject = literal ? address : `${hostname} resolves to ${address}`;
    if (verdict.blocked) blocked ??= `${subject} (${verdict.reason})`;
  }
  return blocked ? { addresses, blocked } : { addresses };
}
