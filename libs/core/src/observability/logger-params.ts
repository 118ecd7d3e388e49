import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { destination, type TransportSingleOptions } from 'pino';
import type { Options } from 'pino-http';
import type { HookpostConfig } from '../config/hookpost-config';
import { REDACTED, redactHeaders } from './redact-headers';

/**
 * Removed from every line wherever they appear one level down (`{ secret }` passed to a logger).
 * Request and response headers go through `redactHeaders`; bodies are never serialized at all.
 */
const REDACTED_PATHS = [
  ...[
    'secret',
    'previousSecret',
    'password',
    'token',
    'adminToken',
    'encryptionKey',
    'authorization',
  ].flatMap((field) => [field, `*.${field}`]),
];

/**
 * Polled by load balancers and Prometheus every few seconds: not worth a line each. (The queue board,
 * mounted ahead of Nest, never reaches the request logger.)
 */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * nestjs-pino settings: JSON lines (production, tests, anything not a terminal), pretty lines for a
 * developer at a terminal. `enabled: false` when the caller asked for no logs (tests).
 */
export function loggerParams(config: HookpostConfig, enabled: boolean): Params {
  const transport = !config.production && process.env.NODE_ENV !== 'test' ? prettyTransport() : undefined;
  const options: Options = {
    enabled,
    level: 'info',
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: {
      req: (req: { headers?: Record<string, unknown> }) => ({ ...req, headers: redactHeaders(req.headers) }),
      res: (res: { headers?: Record<string, unknown> }) => ({ ...res, headers: redactHeaders(res.headers) }),
    },
    // Lines logged while handling a request carry its id, not the whole request again.
    quietReqLogger: true,
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
    transport,
  };
  // JSON lines go out asynchronously (buffered, flushed on exit): a synchronous write per line
  // would cost a system call on every request and every delivery attempt.
  return { pinoHttp: transport || !enabled ? options : [options, destination({ dest: 1, sync: false })] };
}

/** pino-pretty is a devDependency: absent from production installs, where JSON is wanted anyway. */
function prettyTransport(): TransportSingleOptions | undefined {
  if (!process.stdout.isTTY) return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return {
    target: 'pino-pretty',
    options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
  };
}
