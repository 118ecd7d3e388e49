import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { filterSchemaComponents } from '../filters/filter-rule.schema';
import { eventSchemaComponents } from './openapi-event-schemas';

/**
 * The OpenAPI document of an application: served at /docs (configureHttpApp) and the source of the
 * console's generated API types (`npm run openapi`), which build it from an application created
 * in Nest's preview mode, without PostgreSQL or Redis.
 */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hookpost')
      .setDescription('Signed, queued, retried and logged webhooks (PlexTrac-compatible API)')
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'HOOKPOST_ADMIN_TOKEN' })
      .build(),
  );
  const components = document.components ?? (document.components = {});
  components.schemas = {
    ...components.schemas,
    ...(eventSchemaComponents() as Record<string, SchemaObject>),
    ...(filterSchemaComponents() as Record<string, SchemaObject>),
  };
  return document;
}
