import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { adminCredentials } from '../../auth/admin-credentials.hook';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { DeliveryQueue } from './delivery-queue';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board for the delivery queue at /admin/queues, behind the admin token, as a Fastify plugin of
 * its own: its routes are more specific than the console's `/admin/*`, so the console never shadows it.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const config = app.get<HookpostConfig>(HOOKPOST_CONFIG);
  const board = new FastifyAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullAdapter(app.get(DeliveryQueue).queue)],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Hookpost queues' } },
  });
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', adminCredentials(config.adminToken));
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
