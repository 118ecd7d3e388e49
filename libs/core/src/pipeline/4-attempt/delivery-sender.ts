import { Inject, Injectable } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { ConnectorRegistry } from '../../connectors/connector-registry';
import type { SigningSecrets } from '../../crypto/signing-secrets';
import type { TransportResult } from '../../net/http-transport';
import { recordFailure, traceparentOf } from '../../observability/trace-context';
import { TRACING, type Tracing } from '../../observability/tracing';
import { ServerSigningKey, type Ed25519Signer } from '../../signing/server-signing-key';
import type { SignatureScheme } from '../../signing/signature-scheme';
import { signHeaders } from '../../signing/webhook-signer';
import { HOOKPOST_USER_AGENT } from '../../version';
import { endAttemptSpan, startAttemptSpan } from './attempt-span';
import { AttemptVerdict, judgeAttempt } from './attempt-verdict';
import { DeliveryTransport } from './delivery-transport';

export interface DeliveryTarget {
  type: string;
  url: string;
  sslVerification: boolean;
  secrets: SigningSecrets;
  signatureScheme: SignatureScheme;
}

export interface OutgoingDelivery {
  cuid: string;
  event: string;
  body: string;
  headers: Record<string, string> | null;
  /** Its event's intake span (W3C `traceparent`): the attempt's span becomes its child. */
  traceParent?: string | null;
}

export interface SentAttempt {
  result: TransportResult;
  verdict: AttemptVerdict;
  requestHeaders: Record<string, string>;
}

export interface RequestHeadersInput {
  delivery: OutgoingDelivery;
  attempt: number;
  secrets: SigningSecrets;
  /** Unix seconds, sent as `webhook-timestamp` and signed. */
  timestamp: number;
  /** The attempt span's W3C `traceparent`, sent when tracing is on. */
  traceparent?: string;
  /** The server's key when the webhook is on the ed25519 scheme (see schemeSigner), else null. */
  signingKey: Ed25519Signer | null;
}

/** The key that adds a `v1a` signature for a webhook on this scheme: the server's for ed25519, none for hmac. */
export function schemeSigner(scheme: SignatureScheme, serverKey: Ed25519Signer): Ed25519Signer | null {
  return scheme === 'ed25519' ? serverKey : null;
}

/**
 * Every header of one attempt: the connector's own first, so it can never override the content type,
 * the event or the signatures. Pure, so the preview shows exactly what a delivery sends.
 */
export function buildRequestHeaders({
  delivery,
  attempt,
  secrets,
  timestamp,
  traceparent,
  signingKey,
}: RequestHeadersInput): Record<string, string> {
  const headers: Record<string, string> = Object.assign({}, delivery.headers);
  headers['content-type'] = 'application/json';
  headers['user-agent'] = HOOKPOST_USER_AGENT;
  headers['x-hookpost-event'] = delivery.event;
  headers['x-hookpost-attempt'] = String(attempt);
  if (traceparent) headers.traceparent = traceparent;
  const signatures = signHeaders({
    body: delivery.body,
    secret: secrets.secret,
    previousSecret: secrets.previousSecret,
    msgId: delivery.cuid,
    timestamp,
    signingKey,
  });
  return Object.assign(headers, signatures);
}

/**
 * One signed attempt through the shared transport, judged by the connector. Storage-free, so
 * deliveries and connection tests send exactly alike. With tracing on, each attempt is a client
 * span and its request carries that span's `traceparent`.
 */
@Injectable()
export class DeliverySender {
  constructor(
    private readonly transport: DeliveryTransport,
    private readonly connectors: ConnectorRegistry,
    private readonly serverKey: ServerSigningKey,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  async send(target: DeliveryTarget, delivery: OutgoingDelivery, attempt: number): Promise<SentAttempt> {
    const tracer = this.tracing.tracer;
    if (!tracer) return this.sendOnce(target, delivery, attempt);
    const secretUrl = this.connectors.get(target.type).secretUrl ?? false;
    const span = startAttemptSpan(tracer, target, delivery, attempt, secretUrl);
    try {
      const sent = await this.sendOnce(target, delivery, attempt, traceparentOf(span));
      endAttemptSpan(span, sent);
      return sent;
    } catch (error) {
      recordFailure(span, error);
      span.end();
      throw error;
    }
  }

  private async sendOnce(
    target: DeliveryTarget,
    delivery: OutgoingDelivery,
    attempt: number,
    traceparent?: string,
  ): Promise<SentAttempt> {
    const connector = this.connectors.get(target.type);
    const requestHeaders = buildRequestHeaders({
      delivery,
      attempt,
      secrets: target.secrets,
      timestamp: Math.floor(Date.now() / 1000),
      traceparent,
      signingKey: schemeSigner(target.signatureScheme, this.serverKey),
    });
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
