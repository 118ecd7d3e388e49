export { loggerParams } from './logger-params';
export { MetricsService } from './metrics.service';
export { mountQueueBoard, QUEUE_BOARD_PATH } from './queue-board';
