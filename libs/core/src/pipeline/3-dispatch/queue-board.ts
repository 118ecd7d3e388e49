import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { DeliveryQueue } from './delivery-queue';
import { adminCredentials } from '../../auth/admin-credentials.middleware';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board for the delivery queue at /admin/queues, behind the admin token. Mounted straight on
 * Express when the application is created, so it runs before any Nest middleware or route and the
 * console's static files and SPA fallback under /admin cannot shadow it.
 */
export function mountQueueBoard(app: INestApplication): void {
  const config = app.get<HookpostConfig>(HOOKPOST_CONFIG);
  const server = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullAdapter(app.get(DeliveryQueue).queue)],
    serverAdapter: server,
    options: { uiConfig: { boardTitle: 'Hookpost queues' } },
  });
  app.use(QUEUE_BOARD_PATH, adminCredentials(config.adminToken), server.getRouter());
}
