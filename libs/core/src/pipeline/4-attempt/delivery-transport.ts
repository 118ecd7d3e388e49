import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { HttpTransport } from '../../net/http-transport';
import { HOOKPOST_USER_AGENT } from '../../version';

/** How long a host's vetted addresses serve the attempts that follow (README: Delivery). */
const DNS_CACHE_MS = 10_000;

/** The process's one HTTP client (keep-alive pools shared by deliveries and tests), closed on shutdown. */
@Injectable()
export class DeliveryTransport extends HttpTransport implements OnApplicationShutdown {
  constructor(@Inject(HOOKPOST_CONFIG) config: HookpostConfig) {
    super({
      allow: config.allowCidrs,
      timeoutMs: config.deliveryTimeoutMs,
      userAgent: HOOKPOST_USER_AGENT,
      egressProxy: config.egressProxy,
      dnsCacheMs: DNS_CACHE_MS,
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
