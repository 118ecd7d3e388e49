import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp, HOOKPOST_VERSION, HookpostConfig } from '@hookpost/core';
import { AppModule } from './app.module';

/** Builds the server for a configuration; `main.ts` and the end-to-end tests both start it this way. */
export async function createApp(
  config: HookpostConfig,
  logger?: LoggerService | false,
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger });
  configureHttpApp(app, HOOKPOST_VERSION);
  return app;
}
