import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** What every HTTP process needs beyond the module graph: OpenAPI at /docs, proxies, shutdown hooks. */
export function configureHttpApp(app: INestApplication, version: string): void {
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hookpost')
      .setDescription('Signed, queued, retried and logged webhooks (PlexTrac-compatible API)')
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'HOOKPOST_ADMIN_TOKEN' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
}
