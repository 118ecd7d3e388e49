import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretCipher } from '../crypto/secret-cipher';
import { HOOKPOST_CONFIG } from './config.tokens';
import type { HookpostConfig } from './hookpost-config';

/** The validated configuration, and the cipher its key makes, for every feature. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HookpostConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: HOOKPOST_CONFIG, useValue: config },
        { provide: SecretCipher, useValue: new SecretCipher(config.encryptionKey) },
      ],
      exports: [HOOKPOST_CONFIG, SecretCipher],
    };
  }
}
