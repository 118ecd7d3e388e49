export type TransportErrorCode =
  'TIMEOUT' | 'DNS_ERROR' | 'CONNECTION_ERROR' | 'TLS_ERROR' | 'BLOCKED_ADDRESS' | 'REDIRECT';

/** A failure whose code is already known where it happens (refused URL, DNS, blocked address). */
export class TransportFailure extends Error {
  constructor(
    readonly code: TransportErrorCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TransportFailure';
  }
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// Node reports certificate problems with OpenSSL's verify codes and its own ERR_TLS_/ERR_SSL_ codes.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|_SIGNATURE/;

const CONNECTION_PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** Maps an error thrown while connecting or exchanging data to the contract's error code and reason. */
export function describeError(error: unknown): { code: TransportErrorCode; reason: string } {
  if (error instanceof TransportFailure) return { code: error.code, reason: error.reason };
  const code = errorCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && TIMEOUT_CODES.has(code)) return { code: 'TIMEOUT', reason: message };
  if (code && TLS_CODE.test(code)) return { code: 'TLS_ERROR', reason: `TLS error: ${message}` };
  const phrase = code ? CONNECTION_PHRASES[code] : undefined;
  return { code: 'CONNECTION_ERROR', reason: phrase ? `${phrase} (${message})` : message };
}

/** The first `code` along the error's cause chain (undici sometimes wraps the socket error). */
export function errorCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}
