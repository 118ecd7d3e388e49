import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, HOOKPOST_VERSION, loadConfig } from '@hookpost/core';
import { AppModule } from '../app.module';
import { serverConnectors } from '../connectors';

/** Stand-ins: the configuration must load (given all three, no local secrets file is read), but nothing in preview mode uses it. */
const PREVIEW_ENV = {
  HOOKPOST_ADMIN_TOKEN: 'openapi-preview-token-unused',
  HOOKPOST_ENCRYPTION_KEY: '0'.repeat(64),
  HOOKPOST_SIGNING_KEY: Buffer.alloc(32).toString('base64'),
};

/**
 * The server's OpenAPI document as `GET /docs/json` serves it, built from the same module graph in
 * Nest's preview mode: modules and controllers are scanned but no provider is created, so nothing
 * connects to PostgreSQL or Redis. The console's API types are generated from it.
 */
export async function previewOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig(PREVIEW_ENV);
  const app = await NestFactory.create(AppModule.forRoot(config, serverConnectors()), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  try {
    return buildOpenApiDocument(app, HOOKPOST_VERSION);
  } finally {
    await app.close();
  }
}
