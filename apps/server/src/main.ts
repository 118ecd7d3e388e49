import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, HookpostConfig, loadConfig } from '@hookpost/core';
import { ConnectorDiscoveryError, serverConnectors } from './connectors';
import { createApp } from './create-app';
import { inProcesses } from './processes';

async function main(): Promise<void> {
  const config = loadConfig();
  serverConnectors(); // before any process starts, so a bad connector is one line here, not a dying worker
  await inProcesses(config.processes, async (index) => {
    const app = await createApp(config);
    await listenEverywhere(app, config.port);
    announce(config, await app.getUrl(), index);
  });
}

/** Every interface, IPv6 and IPv4 alike, as Node listens by default (Fastify alone would take localhost). */
async function listenEverywhere(app: NestFastifyApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (error) {
    if ((error as { code?: string }).code !== 'EAFNOSUPPORT') throw error;
    await app.listen(port, '0.0.0.0'); // no IPv6 here (a container without it)
  }
}

function announce(config: HookpostConfig, url: string, index: number): void {
  const logger = new Logger('Hookpost');
  const base = url.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const process = config.processes > 1 ? `, process ${index + 1} of ${config.processes}` : '';
  logger.log(
    `Listening on ${base} (role ${config.role}${process}); API docs at ${base}/docs, health at ${base}/health`,
  );
  if (index > 0) return; // the connectors and the development secrets once, not once a process
  const connectorTypes = serverConnectors().map(({ type }) => type);
  logger.log(`Connectors: ${connectorTypes.join(', ')}`);
  if (config.generated.adminToken) {
    // Development only (production refuses to start without a token): the admin needs it to sign in.
    logger.warn(`Development admin token (kept in ${config.generated.file}): ${config.adminToken}`);
  }
  if (config.generated.encryptionKey) {
    logger.warn(
      `Development encryption key kept in ${config.generated.file}; back it up or stored secrets are lost`,
    );
  }
  if (config.generated.signingKey) {
    logger.warn(
      `Development signing key kept in ${config.generated.file}; production sets HOOKPOST_SIGNING_KEY`,
    );
  }
}

main().catch((error: unknown) => {
  // One readable line for configuration and connector mistakes; the full error for anything else.
  const readable = error instanceof ConfigError || error instanceof ConnectorDiscoveryError;
  console.error(readable ? error.message : error);
  process.exit(1);
});
