import { ApiProperty } from '@nestjs/swagger';

export class PublishedSigningKeyDto {
  @ApiProperty({
    example: 'gEtOL3c8ZgQOLV1Z',
    description:
      "base64url of the first 12 bytes of the SHA-256 of the raw public key; matches a receiver's cache",
  })
  kid!: string;

  @ApiProperty({ enum: ['Ed25519'] })
  alg!: 'Ed25519';

  @ApiProperty({ description: 'base64 of the raw 32-byte Ed25519 public key' })
  publicKey!: string;
}

export class SigningKeysDto {
  @ApiProperty({
    type: [PublishedSigningKeyDto],
    description: 'The current key first, then keys retired less than 7 days ago',
  })
  keys!: PublishedSigningKeyDto[];
}
