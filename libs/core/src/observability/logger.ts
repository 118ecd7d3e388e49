import type { LoggerService } from '@nestjs/common';
import pino, { destination, type Logger, type TransportSingleOptions } from 'pino';
import type { HookpostConfig } from '../config/hookpost-config';
import { REDACTED, redactHeaders } from './redact-headers';

/**
 * Removed from every line that carries them (`{ secret }` passed to a logger), as a backstop: no
 * line is written with them on purpose. Top-level names only, which pino checks directly; a `*.x`
 * wildcard would walk every object of every line. Request headers go through `redactHeaders`;
 * bodies are never serialized at all.
 */
const REDACTED_PATHS = [
  'secret',
  'previousSecret',
  'password',
  'token',
  'adminToken',
  'encryptionKey',
  'authorization',
];

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
  private readonly children = new Map<string, Logger>();

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
    this.write('error', message, context, typeof stack === 'string' ? { stack } : undefined);
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

  private write(level: pino.Level, message: unknown, rest: unknown[], extra?: object): void {
    const context = rest.length ? rest[rest.length - 1] : undefined;
    const logger = typeof context === 'string' ? this.child(context) : this.pino;
    if (message instanceof Error) logger[level](Object.assign({}, extra, { err: message }), message.message);
    else if (message === null || typeof message !== 'object') logger[level](extra ?? {}, String(message));
    else logger[level](extra ? Object.assign({}, extra, message) : message); // a delivery line, as it is
  }

  /** One child logger a context (`Delivery`, `Hookpost`…): its name is serialised once, not per line. */
  private child(context: string): Logger {
    let child = this.children.get(context);
    if (!child) this.children.set(context, (child = this.pino.child({ context })));
    return child;
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
