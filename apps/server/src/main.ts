import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, HookpostConfig, loadConfig } from '@hookpost/core';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  announce(config, await app.getUrl());
}

function announce(config: HookpostConfig, url: string): void {
  const logger = new Logger('Hookpost');
  const base = url.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  logger.log(
    `Listening on ${base} (role ${config.role}); API docs at ${base}/docs, health at ${base}/health`,
  );
  if (config.generated.adminToken) {
    // Development only (production refuses to start without a token): the admin needs it to sign in.
    logger.warn(`Development admin token (kept in ${config.generated.file}): ${config.adminToken}`);
  }
  if (config.generated.encryptionKey) {
    logger.warn(
      `Development encryption key kept in ${config.generated.file}; back it up or stored secrets are lost`,
    );
  }
}

main().catch((error: unknown) => {
  // One readable line for configuration mistakes; the full error for anything else.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
