import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { apiContentSecurityPolicy, securityHeaders } from './security-headers';

/**
 * What every HTTP process needs beyond the module graph: security headers, OpenAPI at /docs,
 * shutdown hooks. Call it before mounting anything else, so every response gets the headers.
 */
export function configureHttpApp(app: INestApplication, version: string): void {
  app.enableShutdownHooks();
  app.use(securityHeaders());
  app.use('/api', apiContentSecurityPolicy);
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
