import { Module } from '@nestjs/common';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysService } from './signing-keys.service';

/** The server's signing keys: recorded at start-up (rotation) and published for receivers. */
@Module({
  controllers: [SigningKeysController],
  providers: [SigningKeysService],
})
export class SigningKeysModule {}
