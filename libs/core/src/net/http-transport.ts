import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { checkUrlShape } from './address-classifier';
import type { CidrList } from './cidr-list';
import { cachingLookup } from './dns-cache';
import { ConnectionPool, type TlsInfo } from './connection-pool';
import type { EgressProxy } from './egress-proxy';
import { type HostLookup, resolveAndVet, systemLookup } from './host-resolver';
import { type TransportErrorCode, TransportFailure, describeError } from './transport-error';
import { cleanText } from '../http/json-hygiene';

export interface HttpTransportOptions {
  /** Networks exempt from the blocked-address rules (`HOOKPOST_ALLOW_CIDRS`). */
  allow: CidrList;
  /** Default deadline for a whole attempt: DNS, connect, headers and body. */
  timeoutMs: number;
  userAgent: string;
  /** Response bytes kept; the rest is discarded unread. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Every connection goes through this CONNECT proxy (`HOOKPOST_EGRESS_PROXY`), after the vetting. */
  egressProxy?: EgressProxy;
  /** Test hook: resolves hostnames instead of the system resolver. */
  lookup?: HostLookup;
  /** Reuse a host's addresses this long between requests (dns-cache.ts); 0 or unset: look up every time. */
  dnsCacheMs?: number;
  /** Test hook: the certificate authorities to trust instead of Node's bundled ones (PEM). */
  ca?: string;
}

export interface TransportRequest {
  url: string;
  body: string | Buffer;
  headers: Record<string, string>;
  sslVerification: boolean;
  timeoutMs?: number;
}

export interface TransportResult {
  /** An HTTP response arrived (any status, 3xx included). */
  ok: boolean;
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
  /** At most `maxResponseBytes`, decoded as UTF-8. */
  body: string;
  durationMs: number;
  errorCode?: TransportErrorCode;
  /** `Failed to call webhook: <reason>`. */
  error?: string;
  /** The vetted address the request was pinned to. */
  remoteAddress?: string;
  /** The egress proxy it went through (its label: no credentials). */
  proxy?: string;
  /** Every address DNS gave for the host. */
  addresses?: string[];
  tls?: TlsInfo;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The one HTTP client for deliveries and connection tests. Each attempt resolves the host,
 * refuses it if any address is blocked, then connects to the vetted address itself (Host header
 * and TLS SNI keep the hostname), so a DNS answer that changes between check and connect
 * (rebinding) is never used. With an egress proxy, that vetted address is what the proxy is asked
 * to connect to. Redirects are reported, never followed.
 */
export class HttpTransport {
  private readonly pools: Record<'verify' | 'noVerify', ConnectionPool>;
  private readonly maxResponseBytes: number;
  private readonly lookup: HostLookup;

  constructor(private readonly options: HttpTransportOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const lookup = options.lookup ?? systemLookup;
    this.lookup = options.dnsCacheMs ? cachingLookup(lookup, { ttlMs: options.dnsCacheMs }) : lookup;
    const egress = options.egressProxy && { proxy: options.egressProxy, timeoutMs: options.timeoutMs };
    this.pools = {
      verify: new ConnectionPool({ verifyCertificates: true, ca: options.ca, egress }),
      noVerify: new ConnectionPool({ verifyCertificates: false, egress }),
    };
  }

  async send(request: TransportRequest): Promise<TransportResult> {
    const started = performance.now();
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    // A deadline cleared when the attempt ends: AbortSignal.timeout's timer runs its full course after
    // every request, then builds a TimeoutError no one reads, and keeps the signal alive till then.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const signal = deadline.signal;
    const result: TransportResult = { ok: false, headers: {}, body: '', durationMs: 0 };
    const finish = (): TransportResult =>
      Object.assign({}, result, { durationMs: Math.round(performance.now() - started) });

    try {
      const url = parseTarget(request.url);
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const vetted = await untilAborted(this.vet(hostname), signal);
      result.addresses = vetted.addresses;
      if (vetted.blocked) throw new TransportFailure('BLOCKED_ADDRESS', `blocked address: ${vetted.blocked}`);

      const address = vetted.addresses[0];
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      result.remoteAddress = address;
      if (this.options.egressProxy) result.proxy = this.options.egressProxy.label;
      const pool = this.pools[request.sslVerification ? 'verify' : 'noVerify'];
      const response = await pool.agent.request({
        origin: `${url.protocol}//${isIP(address) === 6 ? `[${address}]` : address}:${port}`,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: this.headersFor(request.headers, url.host),
        body: request.body,
        signal,
      });
      result.statusCode = response.statusCode;
      result.headers = response.headers;
      if (url.protocol === 'https:') {
        result.tls = pool.tlsInfo(address, port, isIP(hostname) ? undefined : hostname);
      }
      result.body = await readCapped(response.body, this.maxResponseBytes);
      result.ok = true;
      if (response.statusCode >= 300 && response.statusCode < 400) {
        const location = response.headers.location;
        const target = typeof location === 'string' ? ` to ${location}` : '';
        return fail(finish(), 'REDIRECT', `redirected (${response.statusCode})${target}, not followed`);
      }
      return finish();
    } catch (error) {
      if (signal.aborted) return fail(finish(), 'TIMEOUT', `timed out after ${timeoutMs} ms`);
      const { code, reason } = describeError(error);
      return fail(finish(), code, reason);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pools.verify.close(), this.pools.noVerify.close()]);
  }

  private async vet(hostname: string) {
    try {
      return await resolveAndVet(hostname, this.options.allow, this.lookup);
    } catch (error) {
      const code = describeDnsError(error);
      throw new TransportFailure('DNS_ERROR', `could not resolve ${hostname} (${code})`);
    }
  }

  private headersFor(headers: Record<string, string>, host: string): Record<string, string> {
    const merged: Record<string, string> = { 'user-agent': this.options.userAgent };
    for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
    // The connection goes to an IP address; Host (and SNI, which undici derives from it) keep the name.
    merged.host = host;
    return merged;
  }
}

/** Deliveries refuse anything but plain http(s) URLs; these refusals are permanent, like a blocked address. */
function parseTarget(text: string): URL {
  const problem = checkUrlShape(text);
  if (problem) throw new TransportFailure('BLOCKED_ADDRESS', `refused URL: url ${problem}`);
  return new URL(text);
}

function describeDnsError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

function fail(result: TransportResult, errorCode: TransportErrorCode, reason: string): TransportResult {
  return Object.assign({}, result, { errorCode, error: `Failed to call webhook: ${reason}` });
}

/** DNS lookups cannot be cancelled, so the deadline races them instead. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Keeps the first `limit` bytes; leaving the loop early destroys the stream, dropping the rest. */
async function readCapped(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  // Kept in PostgreSQL's text columns, which hold no NUL: a receiver's answer may have any bytes.
  return cleanText(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
}
