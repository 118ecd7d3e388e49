import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { tunnelConnector } from './connect-tunnel';
import type { EgressProxy } from './egress-proxy';

export interface TlsInfo {
  /** Certificate expiry, ISO 8601. */
  validTo?: string;
  /** Whether the certificate chain and name verified (false only when verification is off). */
  authorized: boolean;
}

const MAX_TLS_ENTRIES = 1024;

export interface ConnectionPoolOptions {
  verifyCertificates: boolean;
  /** Trusted certificate authorities (PEM) instead of Node's bundled ones; for tests. */
  ca?: string;
  /** Connections go through this CONNECT proxy, each opened within `timeoutMs`. */
  egress?: { proxy: EgressProxy; timeoutMs: number };
}

/**
 * A keep-alive undici Agent plus what its TLS handshakes saw. undici does not expose the socket
 * to a request, so the connector records the peer certificate per (address, port, SNI name);
 * every connection for that key reaches the same endpoint, so the latest entry describes it.
 */
export class ConnectionPool {
  readonly agent: Agent;
  private readonly tlsByEndpoint = new Map<string, TlsInfo>();

  constructor({ verifyCertificates, ca, egress }: ConnectionPoolOptions) {
    const tls = { rejectUnauthorized: verifyCertificates, ...(ca && { ca }) };
    const connect = egress
      ? tunnelConnector(egress.proxy, egress.timeoutMs, tls)
      : // timeout 0: the caller's single per-attempt deadline (an AbortSignal) bounds connecting too.
        buildConnector({ ...tls, timeout: 0 });
    this.agent = new Agent({
      connections: 64,
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: (options, callback) =>
        connect(options, (error, socket) => {
          if (socket instanceof TLSSocket) {
            this.remember(endpointKey(options.hostname, options.port, options.servername), socket);
          }
          // The connector's callback is typed as a union of (error, null) and (null, socket) shapes.
          (callback as (error: Error | null, socket: Socket | null) => void)(error, socket);
        }),
    });
  }

  tlsInfo(address: string, port: string, servername: string | undefined): TlsInfo | undefined {
    return this.tlsByEndpoint.get(endpointKey(address, port, servername));
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private remember(key: string, socket: TLSSocket): void {
    const certificate = socket.getPeerCertificate();
    const expiry = certificate?.valid_to ? new Date(certificate.valid_to) : undefined;
    this.tlsByEndpoint.delete(key);
    this.tlsByEndpoint.set(key, {
      validTo: expiry && !Number.isNaN(expiry.getTime()) ? expiry.toISOString() : undefined,
      authorized: socket.authorized,
    });
    if (this.tlsByEndpoint.size > MAX_TLS_ENTRIES) {
      this.tlsByEndpoint.delete(this.tlsByEndpoint.keys().next().value!);
    }
  }
}

function endpointKey(address: string, port: string, servername: string | undefined | null): string {
  return `${address}|${port || '443'}|${servername ?? ''}`;
}
