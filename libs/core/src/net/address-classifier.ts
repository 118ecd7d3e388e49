import { type Cidr, type CidrList, cidrContains, cidrListContains, parseCidr } from './cidr-list';
import { type IpAddress, formatIp, parseIpLiteral } from './ip-address';

export { type CidrList, parseCidrList } from './cidr-list';

export interface AddressVerdict {
  blocked: boolean;
  reason?: string;
}

interface Rule {
  cidr: Cidr;
  reason: string;
}

function rules(table: [string, string][]): Rule[] {
  return table.map(([cidr, reason]) => ({ cidr: parseCidr(cidr), reason }));
}

// First match wins, so narrower ranges come before the ranges that contain them.
const IPV4_RULES = rules([
  ['0.0.0.0/8', 'unspecified address'],
  ['10.0.0.0/8', 'private address'],
  ['100.64.0.0/10', 'shared (CGNAT) address'],
  ['127.0.0.0/8', 'loopback address'],
  ['169.254.0.0/16', 'link-local address'],
  ['172.16.0.0/12', 'private address'],
  ['192.0.0.0/24', 'IETF protocol address'],
  ['192.0.2.0/24', 'documentation address'],
  ['192.88.99.0/24', '6to4 relay address'],
  ['192.168.0.0/16', 'private address'],
  ['198.18.0.0/15', 'benchmarking address'],
  ['198.51.100.0/24', 'documentation address'],
  ['203.0.113.0/24', 'documentation address'],
  ['224.0.0.0/4', 'multicast address'],
  ['255.255.255.255/32', 'broadcast address'],
  ['240.0.0.0/4', 'reserved address'],
]);

const IPV6_RULES = rules([
  ['::/128', 'unspecified address'],
  ['::1/128', 'loopback address'],
  ['::/96', 'IPv4-compatible address'],
  ['100::/64', 'discard address'],
  ['2001::/32', 'Teredo address'],
  ['2001:2::/48', 'benchmarking address'],
  ['2001:db8::/32', 'documentation address'],
  ['2001::/23', 'IETF protocol address'],
  ['3fff::/20', 'documentation address'],
  ['fc00::/7', 'unique-local address'],
  ['fe80::/10', 'link-local address'],
  ['fec0::/10', 'site-local address'],
  ['ff00::/8', 'multicast address'],
]);

const GLOBAL_UNICAST_V6 = parseCidr('2000::/3');

/** IPv6 forms that carry an IPv4 address; the packet really goes to that IPv4 host. */
const EMBEDDING_V6: { cidr: Cidr; label: string; shift: bigint }[] = [
  { cidr: parseCidr('::ffff:0:0/96'), label: 'IPv4-mapped', shift: 0n },
  { cidr: parseCidr('64:ff9b::/96'), label: 'NAT64', shift: 0n },
  // Local-use NAT64 may use any RFC 6052 layout; only the /96 layout (bits 48-95 zero) is judged,
  // any other layout is refused below because its embedded address cannot be read unambiguously.
  { cidr: parseCidr('64:ff9b:1::/96'), label: 'NAT64', shift: 0n },
  { cidr: parseCidr('2002::/16'), label: '6to4', shift: 80n },
];
const LOCAL_NAT64 = parseCidr('64:ff9b:1::/48');

/**
 * Decides whether a delivery may connect to `ip` (any IP spelling). Only global unicast is
 * allowed, unless the address, or the IPv4 address it embeds, is inside `allow`.
 */
export function classifyAddress(ip: string, allow: CidrList = []): AddressVerdict {
  const parsed = parseIpLiteral(ip);
  if (!parsed) return { blocked: true, reason: 'not an IP address' };
  return classifyIp(parsed, allow);
}

export function classifyIp(ip: IpAddress, allow: CidrList = []): AddressVerdict {
  if (cidrListContains(allow, ip)) return { blocked: false };
  if (ip.family === 4) return verdict(IPV4_RULES.find((rule) => cidrContains(rule.cidr, ip))?.reason);

  const embedding = EMBEDDING_V6.find((form) => cidrContains(form.cidr, ip));
  if (embedding) {
    const inner = classifyIp({ family: 4, value: (ip.value >> embedding.shift) & 0xffff_ffffn }, allow);
    return inner.blocked ? { blocked: true, reason: `${inner.reason} (${embedding.label})` } : inner;
  }
  if (cidrContains(LOCAL_NAT64, ip)) return verdict('local-use NAT64 address');
  const rule = IPV6_RULES.find((candidate) => cidrContains(candidate.cidr, ip));
  if (rule) return verdict(rule.reason);
  return cidrContains(GLOBAL_UNICAST_V6, ip) ? { blocked: false } : verdict('reserved address');
}

/** The canonical text of an IP literal in any spelling, or null when `host` is a hostname. */
export function normalizeIpLiteral(host: string): string | null {
  const parsed = parseIpLiteral(host);
  return parsed ? formatIp(parsed) : null;
}

/** A usable webhook URL: http(s), no credentials. Returns why not (worded to follow "url "), or null. */
export function checkUrlShape(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a valid http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must use http or https';
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  return null;
}

/**
 * Save-time check of a webhook URL: returns why it is refused (worded to follow "url "), or null. Hostnames are not
 * resolved here (DNS can change before delivery); the transport vets them at connect time.
 */
export function checkUrlTarget(url: string, allow: CidrList = []): string | null {
  const shape = checkUrlShape(url);
  if (shape) return shape;
  const parsed = new URL(url);
  const host = parsed.hostname;
  if (isLocalhostName(host)) {
    // localhost may resolve to either loopback address; refuse only if neither is allowed.
    const loopbacks = ['127.0.0.1', '::1'].map((ip) => classifyAddress(ip, allow));
    return loopbacks.every((v) => v.blocked)
      ? `points to a blocked address (${host}: loopback address)`
      : null;
  }
  const ip = parseIpLiteral(host);
  if (!ip) return null;
  const result = classifyIp(ip, allow);
  return result.blocked ? `points to a blocked address (${formatIp(ip)}: ${result.reason})` : null;
}

function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function verdict(reason: string | undefined): AddressVerdict {
  return reason ? { blocked: true, reason } : { blocked: false };
}
