import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as a number, so ranges can be checked with plain bit math. */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

const IPV4_MAX = 0xffff_ffffn;

/** Strict dotted-quad or RFC 4291 text, as used in configuration (no numeric tricks). */
export function parseStrictIp(text: string): IpAddress | null {
  if (isIPv4(text)) return { family: 4, value: parseIpv4Parts(text.split('.'))! };
  if (isIPv6(text)) return { family: 6, value: parseIpv6(text) };
  return null;
}

/**
 * Parses a host that may be an IP literal in any spelling a resolver or URL parser accepts:
 * inet_aton forms (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`), bracketed IPv6 and zone ids.
 * Returns null for anything that is a hostname.
 */
export function parseIpLiteral(host: string): IpAddress | null {
  let text = host.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = stripZone(text.slice(1, -1));
    return isIPv6(inner) ? { family: 6, value: parseIpv6(inner) } : null;
  }
  const unzoned = stripZone(text);
  if (isIPv6(unzoned)) return { family: 6, value: parseIpv6(unzoned) };
  // A single trailing dot is the fully qualified spelling; WHATWG URL and resolvers ignore it.
  if (text.endsWith('.')) text = text.slice(0, -1);
  const value = parseIpv4Parts(text.split('.'));
  return value === null ? null : { family: 4, value };
}

/** The canonical text: dotted quad, or RFC 5952 compressed lowercase IPv6. */
export function formatIp(ip: IpAddress): string {
  return ip.family === 4 ? formatIpv4(ip.value) : formatIpv6(ip.value);
}

export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** Zone ids (`fe80::1%eth0`, URL-encoded `%25eth0`) name an interface, not part of the address. */
function stripZone(text: string): string {
  const index = text.indexOf('%');
  return index === -1 ? text : text.slice(0, index);
}

/** inet_aton semantics: 1–4 parts, each decimal, 0x hex or 0 octal; the last part fills the rest. */
function parseIpv4Parts(parts: string[]): bigint | null {
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers: bigint[] = [];
  for (const part of parts) {
    const number = parseIpv4Number(part);
    if (number === null) return null;
    numbers.push(number);
  }
  const last = numbers.pop()!;
  let value = 0n;
  for (const [index, number] of numbers.entries()) {
    if (number > 0xffn) return null;
    value |= number << BigInt(8 * (3 - index));
  }
  const lastBits = BigInt(8 * (4 - numbers.length));
  if (last >= 1n << lastBits) return null;
  return (value | last) & IPV4_MAX;
}

function parseIpv4Number(part: string): bigint | null {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0n : BigInt(part);
  if (/^0[0-7]+$/.test(part)) return BigInt(`0o${part.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return BigInt(part);
  return null;
}

/** Expects text already validated by `isIPv6` (so `::` appears at most once). */
function parseIpv6(text: string): bigint {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = toGroups(head);
  const tailGroups = tail === undefined ? [] : toGroups(tail);
  const zeros = new Array<bigint>(8 - headGroups.length - tailGroups.length).fill(0n);
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Hex groups, where a trailing dotted quad counts as two groups. */
function toGroups(text: string): bigint[] {
  if (text === '') return [];
  return text.split(':').flatMap((group) => {
    if (!group.includes('.')) return [BigInt(`0x${group}`)];
    const v4 = parseIpv4Parts(group.split('.'))!;
    return [v4 >> 16n, v4 & 0xffffn];
  });
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => (value >> BigInt(16 * (7 - index))) & 0xffffn);
  // RFC 5952: compress the longest run (first on a tie) of two or more zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0n) length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
