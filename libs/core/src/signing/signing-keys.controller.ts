import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { SigningKeysDto } from './signing-keys.dto';
import { SigningKeysService } from './signing-keys.service';

/**
 * `GET /.well-known/hookpost-signing-keys` (no auth): the public keys receivers verify `v1a`
 * (Ed25519) signatures with. Public keys are no secret; receivers may cache them for five minutes.
 */
@ApiTags('signing')
@Controller('.well-known')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get('hookpost-signing-keys')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Public keys for Ed25519 (v1a) delivery signatures',
    description:
      'No authentication. The current key first, then keys retired less than 7 days ago. Verify ' +
      '`v1a,<base64>` in webhook-signature over "webhook-id.webhook-timestamp.body" with any of them.',
  })
  @ApiOkResponse({ type: SigningKeysDto })
  list(): Promise<SigningKeysDto> {
    return this.keys.published();
  }
}
