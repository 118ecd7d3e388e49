import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretCipher } from '../crypto/secret-cipher';
import { ServerSigningKey } from '../signing/server-signing-key';
import { HOOKPOST_CONFIG } from './config.tokens';
import type { HookpostConfig } from './hookpost-config';

/** The validated configuration, and the cipher and signing key its keys make, for every feature. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HookpostConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: HOOKPOST_CONFIG, useValue: config },
        { provide: SecretCipher, useValue: new SecretCipher(config.encryptionKey) },
        { provide: ServerSigningKey, useValue: new ServerSigningKey(config.signingKey) },
      ],
      exports: [HOOKPOST_CONFIG, SecretCipher, ServerSigningKey],
    };
  }
}
