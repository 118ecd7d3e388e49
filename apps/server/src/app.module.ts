import { DynamicModule, Module } from '@nestjs/common';
import { HookpostConfig, HookpostCoreModule } from '@hookpost/core';
import { loggerParams } from '@hookpost/core/observability';
import { LoggerModule } from 'nestjs-pino';
import { CONNECTORS } from './connectors';
import { ConsoleModule } from './console/console.module';
import { ExampleUpstreamModule } from './example-upstream/example-upstream.module';

@Module({})
export class AppModule {
  /** `logs: false` silences the request and application logs (tests). */
  static forRoot(config: HookpostConfig, { logs = true } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config, logs)),
        HookpostCoreModule.forRoot({ config, connectors: CONNECTORS }),
        ExampleUpstreamModule,
        ConsoleModule,
      ],
    };
  }
}
