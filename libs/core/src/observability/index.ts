export { loggerParams } from './logger-params';
export { MetricsService } from './metrics.service';
