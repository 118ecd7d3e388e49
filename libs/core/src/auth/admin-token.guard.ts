import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { IS_PUBLIC } from './public.decorator';
import { isToken, tokenDigest } from './token-digest';

/** Bearer-token check on every route not marked @Public(); constant-time compare of SHA-256 digests. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    private readonly reflector: Reflector,
    @Inject(HOOKPOST_CONFIG) config: HookpostConfig,
  ) {
    this.expected = tokenDigest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const header =
      context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>().headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !isToken(match[1].trim(), this.expected)) {
      throw new UnauthorizedException(
        'A valid admin token is required: Authorization: Bearer <HOOKPOST_ADMIN_TOKEN>',
      );
    }
    return true;
  }
}
