import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureHttpApp, HOOKPOST_VERSION, HookpostConfig, mountQueueBoard } from '@hookpost/core';
import { AppModule } from './app.module';

/**
 * Builds the server for a configuration; `main.ts` and the end-to-end tests both start it this way.
 * Without a `logger` it logs structured lines through pino; `false` silences it, and a LoggerService
 * of the caller's (the benchmark's) replaces pino, request lines included.
 */
export async function createApp(
  config: HookpostConfig,
  logger?: LoggerService | false,
): Promise<INestApplication> {
  const pino = logger === undefined;
  const app = await NestFactory.create(AppModule.forRoot(config, { logs: pino }), {
    bodyParser: false,
    logger,
    // Start-up lines wait for the pino logger instead of going out in Nest's own format.
    bufferLogs: pino,
  });
  if (pino) app.useLogger(app.get(Logger));
  configureHttpApp(app, HOOKPOST_VERSION);
  mountQueueBoard(app);
  return app;
}
