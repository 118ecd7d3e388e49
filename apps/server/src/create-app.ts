import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { configureHttpApp, HOOKPOST_VERSION, HookpostConfig, mountQueueBoard } from '@hookpost/core';
import { createLogger, NestPinoLogger } from '@hookpost/core/observability';
import type { Connector } from '@hookpost/connector-sdk';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AppModule } from './app.module';
import { serverConnectors } from './connectors';
import { findConsoleDist } from './console/console-files';
import { serveConsole } from './console/serve-console';

/**
 * Builds the server for a configuration; `main.ts` and the end-to-end tests both start it this way.
 * Nest on Fastify. Without a `logger` it logs structured lines through pino (requests and the
 * application alike); `false` silences it, and a LoggerService of the caller's replaces it. It offers
 * the connectors installed in the project unless given others (a test's). Spans go to OTLP when
 * configured, or to `spanProcessor` (a test's in-memory exporter).
 */
export async function createApp(
  config: HookpostConfig,
  logger?: LoggerService | false,
  connectors: readonly Connector[] = serverConnectors(),
  spanProcessor?: SpanProcessor,
): Promise<NestFastifyApplication> {
  const pino = createLogger(config, logger === undefined);
  // One line per request comes from logRequests (configureHttpApp), not Fastify's two.
  const logController = new LogController({ disableRequestLogging: true });
  const adapter = new FastifyAdapter({ loggerInstance: pino, logController });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, connectors, spanProcessor),
    adapter,
    {
      bodyParser: false,
      logger: logger ?? new NestPinoLogger(pino),
    },
  );
  configureHttpApp(app, HOOKPOST_VERSION);
  await mountQueueBoard(app);
  await serveConsole(app.getHttpAdapter().getInstance(), findConsoleDist());
  return app;
}
