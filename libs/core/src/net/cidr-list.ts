import { type IpAddress, parseStrictIp } from './ip-address';

/** One network, e.g. `127.0.0.1/32`, kept as numbers for fast membership checks. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  /** The entry as written, for messages. */
  readonly text: string;
}

export type CidrList = readonly Cidr[];

/**
 * Parses `HOOKPOST_ALLOW_CIDRS`-style text: comma-separated IPv4/IPv6 networks. A bare address
 * means that single host. Host bits below the prefix are ignored (`10.1.2.3/8` is `10.0.0.0/8`).
 */
export function parseCidrList(text: string): CidrList {
  if (text.trim() === '') return [];
  return text.split(',').map((entry) => parseCidr(entry.trim()));
}

export function parseCidr(entry: string): Cidr {
  if (entry === '') throw new Error('empty entry in CIDR list (check for stray commas)');
  const [addressText, prefixText, extra] = entry.split('/');
  const address = parseStrictIp(addressText);
  if (!address || extra !== undefined) {
    throw new Error(`"${entry}" is not a CIDR (expected e.g. 127.0.0.1/32 or ::1/128)`);
  }
  const bits = address.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(bits)) || prefix > bits) {
    throw new Error(`"${entry}" has an invalid prefix length (0-${bits} for IPv${address.family})`);
  }
  return { family: address.family, network: address.value & mask(bits, prefix), prefix, text: entry };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  const bits = cidr.family === 4 ? 32 : 128;
  return cidr.family === ip.family && (ip.value & mask(bits, cidr.prefix)) === cidr.network;
}

export function cidrListContains(list: CidrList, ip: IpAddress): boolean {
  return list.some((cidr) => cidrContains(cidr, ip));
}

function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}
