/** `HOOKPOST_EGRESS_PROXY`: the HTTP CONNECT proxy every delivery and connection test goes through. */
export interface EgressProxy {
  /** Host name or IP address (IPv6 without brackets), as `net.connect` takes it. */
  host: string;
  port: number;
  /** `http://host:port`, for messages: never the credentials. */
  label: string;
  /** `Proxy-Authorization` value when the URL carries a user name and password. */
  authorization?: string;
}

/**
 * Parses `http://[user:password@]host[:port]`. Only plain http: the tunnel carries the destination's
 * own TLS, so a TLS connection to the proxy would add nothing but a second handshake. Errors never
 * repeat the text, which may hold a password.
 */
export function parseEgressProxy(text: string): EgressProxy {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('is not a valid URL (expected http://host:port)');
  }
  if (url.protocol !== 'http:') throw new Error(`must use http: (got "${url.protocol}")`);
  if (!url.hostname) throw new Error('has no host (expected http://host:port)');
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error('must be just http://host:port, without a path, query or fragment');
  }
  const port = Number(url.port || 80);
  const authorization = url.username || url.password ? basicAuthorization(url) : undefined;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    label: `http://${url.hostname}:${port}`,
    ...(authorization && { authorization }),
  };
}

function basicAuthorization(url: URL): string {
  let credentials: string;
  try {
    credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  } catch {
    throw new Error('has a user name or password that is not valid percent-encoding');
  }
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}
