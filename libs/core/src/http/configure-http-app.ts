import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { acceptJsonBodies } from './json-body.parser';
import { buildOpenApiDocument } from './openapi-document';
import { logRequests } from './request-log';
import { sendSecurityHeaders } from './security-headers';

/**
 * What every HTTP process needs beyond the module graph: security headers, JSON bodies, one log
 * line per request, OpenAPI at /docs, shutdown hooks. (Errors, Fastify's own included, reach Nest's
 * exception filter: ApiExceptionFilter.)
 */
export function configureHttpApp(app: NestFastifyApplication, version: string): void {
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  sendSecurityHeaders(fastify);
  acceptJsonBodies(fastify);
  logRequests(fastify);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, version), { jsonDocumentUrl: 'docs/json' });
}
