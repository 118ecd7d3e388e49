export {
  type AddressVerdict,
  checkUrlTarget,
  classifyAddress,
  normalizeIpLiteral,
} from './address-classifier';
export { type Cidr, type CidrList, parseCidrList } from './cidr-list';
export type { TlsInfo } from './connection-pool';
export { type EgressProxy, parseEgressProxy } from './egress-proxy';
export { type HostLookup, type VettedHost, resolveAndVet, systemLookup } from './host-resolver';
export {
  HttpTransport,
  type HttpTransportOptions,
  type TransportRequest,
  type TransportResult,
} from './http-transport';
export type { TransportErrorCode } from './transport-error';
