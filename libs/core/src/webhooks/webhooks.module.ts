import { Module } from '@nestjs/common';
import { AttemptModule } from '../pipeline/4-attempt/attempt.module';
import { CatalogController } from './catalog.controller';
import { WebhookPreviewController } from './preview/webhook-preview.controller';
import { WebhookPreviewService } from './preview/webhook-preview.service';
import { WebhookTesterController } from './test-connection/webhook-tester.controller';
import { WebhookTesterService } from './test-connection/webhook-tester.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Configuration: webhook CRUD, the catalog an admin chooses from, previews and connection tests
 * (which send through stage 4). Every change is news (WEBHOOKS_CHANGED) for the caches of others.
 */
@Module({
  imports: [AttemptModule],
  // The tester's routes first: `POST webhooks/test` must not be read as the webhook `test`.
  controllers: [CatalogController, WebhookTesterController, WebhookPreviewController, WebhooksController],
  providers: [WebhooksService, WebhookPreviewService, WebhookTesterService],
})
export class WebhooksModule {}
