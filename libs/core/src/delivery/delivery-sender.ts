import { Inject, Injectable } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { ConnectorRegistry } from '../connectors/connector-registry';
import type { SigningSecrets } from '../crypto/signing-secrets';
import type { TransportResult } from '../net/http-transport';
import { signHeaders } from '../signing/webhook-signer';
import { AttemptVerdict, judgeAttempt } from './attempt-verdict';
import { DeliveryTransport } from './delivery-transport';

export interface DeliveryTarget {
  type: string;
  url: string;
  sslVerification: boolean;
  secrets: SigningSecrets;
}

export interface OutgoingDelivery {
  cuid: string;
  event: string;
  body: string;
  headers: Record<string, string> | null;
}

export interface SentAttempt {
  result: TransportResult;
  verdict: AttemptVerdict;
  requestHeaders: Record<string, string>;
}

/**
 * One signed attempt through the shared transport, judged by the connector. Storage-free, so
 * deliveries and connection tests send exactly alike.
 */
@Injectable()
export class DeliverySender {
  constructor(
    private readonly transport: DeliveryTransport,
    private readonly connectors: ConnectorRegistry,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  async send(target: DeliveryTarget, delivery: OutgoingDelivery, attempt: number): Promise<SentAttempt> {
    const connector = this.connectors.get(target.type);
    const requestHeaders: Record<string, string> = {
      ...delivery.headers,
      'content-type': 'application/json',
      'user-agent': this.transport.userAgent,
      'x-hookpost-event': delivery.event,
      'x-hookpost-attempt': String(attempt),
      ...signHeaders({
        body: delivery.body,
        secret: target.secrets.secret,
        previousSecret: target.secrets.previousSecret,
        msgId: delivery.cuid,
        timestamp: Math.floor(Date.now() / 1000),
      }),
    };
    const result = await this.transport.send({
      url: target.url,
      body: delivery.body,
      headers: requestHeaders,
      sslVerification: target.sslVerification,
      timeoutMs: this.config.deliveryTimeoutMs,
    });
    return { result, verdict: judgeAttempt(result, connector), requestHeaders };
  }
}
