import { DynamicModule, Module } from '@nestjs/common';
import { HookpostConfig, HookpostCoreModule } from '@hookpost/core';
import { CONNECTORS } from './connectors';

@Module({})
export class AppModule {
  static forRoot(config: HookpostConfig): DynamicModule {
    return { module: AppModule, imports: [HookpostCoreModule.forRoot({ config, connectors: CONNECTORS })] };
  }
}
