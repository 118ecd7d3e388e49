import type { LoggerService } from '@nestjs/common';
import pino, { destination, type Logger, type TransportSingleOptions } from 'pino';
import type { HookpostConfig } from '../config/hookpost-config';
import { REDACTED, redactHeaders } from './redact-headers';

/**
 * Removed from every line wherever they appear one level down (`{ secret }` passed to a logger).
 * Request headers go through `redactHeaders`; bodies are never serialized at all.
 */
const REDACTED_PATHS = [
  'secret',
  'previousSecret',
  'password',
  'token',
  'adminToken',
  'encryptionKey',
  'authorization',
].flatMap((field) => [field, `*.${field}`]);

interface RequestLike {
  id?: string;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string };
}

/**
 * The process's one pino logger: JSON lines (production, tests, anything not a terminal), pretty
 * lines for a developer at a terminal. `enabled: false` when the caller asked for no logs (tests).
 * Fastify logs requests with it; Nest's own lines go through `NestPinoLogger`.
 */
export function createLogger(config: HookpostConfig, enabled: boolean): Logger {
  const transport = !config.production && process.env.NODE_ENV !== 'test' ? prettyTransport() : undefined;
  const options = {
    enabled,
    level: 'info',
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: {
      req: (req: RequestLike) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        headers: redactHeaders(req.headers),
        remoteAddress: req.socket?.remoteAddress,
      }),
    },
    transport,
  };
  // JSON lines go out asynchronously (buffered, flushed on exit): a synchronous write per line
  // would cost a system call on every request and every delivery attempt.
  return transport || !enabled ? pino(options) : pino(options, destination({ dest: 1, sync: false }));
}

/**
 * Nest's logger calls as pino lines: `log(message, context)` → `info`, an object message keeps its
 * fields (the delivery lines: `{ msg, deliveryCuid, … }`), `error(message, stack, context)` keeps the stack.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    const [stack, ...context] =
      rest.length > 1 || (typeof rest[0] === 'string' && rest[0].includes('\n'))
        ? rest
        : [undefined, ...rest];
    this.write('error', message, context, typeof stack === 'string' ? { stack } : {});
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[], extra: object = {}): void {
    const context = rest.length ? rest[rest.length - 1] : undefined;
    const fields = { ...(typeof context === 'string' ? { context } : {}), ...extra };
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino[level]({ ...fields, ...message });
    } else if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else {
      this.pino[level](fields, String(message));
    }
  }
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
