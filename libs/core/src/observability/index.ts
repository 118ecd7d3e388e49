export { createLogger, NestPinoLogger } from './logger';
export { MetricsService } from './metrics.service';
