import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { IS_PUBLIC } from './public.decorator';

/** Bearer-token check on every route not marked @Public(); constant-time compare of SHA-256 digests. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    private readonly reflector: Reflector,
    @Inject(HOOKPOST_CONFIG) config: HookpostConfig,
  ) {
    this.expected = digest(config.adminToken);
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
    if (!match || !timingSafeEqual(digest(match[1].trim()), this.expected)) {
      throw new UnauthorizedException(
        'A valid admin token is required: Authorization: Bearer <HOOKPOST_ADMIN_TOKEN>',
      );
    }
    return true;
  }
}

/** Hashing first gives equal-length buffers, so the comparison leaks nothing about the length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
