import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConsoleStaticMiddleware } from './console-static.middleware';

/** The admin console (apps/console, built by Vite) at /admin; see ConsoleStaticMiddleware. */
@Module({})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ConsoleStaticMiddleware)
      .forRoutes(
        { path: 'admin', method: RequestMethod.GET },
        { path: 'admin/*path', method: RequestMethod.GET },
      );
  }
}
