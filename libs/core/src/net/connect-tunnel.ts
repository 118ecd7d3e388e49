import { request } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import type { buildConnector } from 'undici';
import type { EgressProxy } from './egress-proxy';
import { TransportFailure, describeError } from './transport-error';

// As undici's own connector does for direct connections.
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * An undici connector that reaches `options.hostname`, the address the transport already vetted and
 * pinned, through an HTTP CONNECT proxy. The proxy is only ever given that IP address, never the
 * hostname, so it cannot resolve the name again (rebinding) nor reach anything the vetting refused.
 * TLS to the destination runs inside the tunnel with SNI and the certificate check on the original
 * hostname (undici's `servername`, taken from the Host header). One deadline covers the tunnel and
 * the handshake, so a proxy or destination that stalls never holds a socket past the attempt.
 */
export function tunnelConnector(
  proxy: EgressProxy,
  timeoutMs: number,
  tls: Pick<ConnectionOptions, 'rejectUnauthorized' | 'ca'>,
): buildConnector.connector {
  return ({ hostname, port, protocol, servername }, callback) => {
    const https = protocol === 'https:';
    const authority = `${isIP(hostname) === 6 ? `[${hostname}]` : hostname}:${port || (https ? 443 : 80)}`;
    let settled = false;
    const done = (error: Error | null, socket?: Socket): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) callback(error, null);
      else callback(null, socket!);
    };

    const tunnel = request({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: authority,
      agent: false,
      headers: {
        host: authority,
        ...(proxy.authorization && { 'proxy-authorization': proxy.authorization }),
      },
    });
    let pending: { destroy(error: Error): void } = tunnel;
    const deadline = setTimeout(
      () =>
        pending.destroy(
          new TransportFailure(
            'TIMEOUT',
            `egress proxy ${proxy.label}: no connection to ${authority} within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    tunnel.once('error', (error) => done(proxyFailure(proxy, error)));
    tunnel.once('connect', (response, socket: Socket, head: Buffer) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        const phrase = (response.statusMessage ?? '').slice(0, 80);
        return done(
          new TransportFailure(
            'CONNECTION_ERROR',
            `egress proxy ${proxy.label} refused the connection to ${authority} (${status} ${phrase})`.trimEnd(),
          ),
        );
      }
      if (head.length > 0) socket.unshift(head);
      socket.setNoDelay(true).setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
      if (!https) return done(null, socket);
      const secure = connectTls({
        ...tls,
        socket,
        // Without `host`, node:tls would check an IP destination's certificate against the proxy's name.
        host: hostname,
        servername: servername || undefined,
        ALPNProtocols: ['http/1.1'],
      });
      pending = secure;
      secure.once('secureConnect', () => done(null, secure)).once('error', (error) => done(error));
    });
    tunnel.end();
  };
}

/** A failure to reach or talk to the proxy itself, named as such; only the proxy's label, never its credentials. */
function proxyFailure(proxy: EgressProxy, error: Error): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const { code, reason } = describeError(error);
  return new TransportFailure(
    code === 'TIMEOUT' ? 'TIMEOUT' : 'CONNECTION_ERROR',
    `egress proxy ${proxy.label}: ${reason}`,
  );
}
