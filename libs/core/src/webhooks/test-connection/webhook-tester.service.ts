import { BadRequestException, Injectable } from '@nestjs/common';
import { recordId } from '../../persistence/record-id';
import { EVENT_TYPES, sampleEvent, TEST_EVENT, type Connector } from '@hookpost/connector-sdk';
import { ConnectorRegistry } from '../../connectors/connector-registry';
import { urlMismatch } from '../../connectors/url-mismatch';
import { GENERATE_SECRET } from '../../crypto/generated-secret';
import { SecretCipher } from '../../crypto/secret-cipher';
import { signingSecrets, type SigningSecrets } from '../../crypto/signing-secrets';
import { checkUrlShape } from '../../net/address-classifier';
import type { SignatureScheme } from '../../signing/signature-scheme';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import {
  DeliverySender,
  type OutgoingDelivery,
  type SentAttempt,
} from '../../pipeline/4-attempt/delivery-sender';
import { AttemptRecorder } from '../../pipeline/5-record/attempt-recorder';
import { assertRenders, renderOrRefuse } from '../render-check';
import { WebhooksService } from '../webhooks.service';
import { TestCheckDto, TestReportDto, TestWebhookDto } from './webhook-test.dto';

const MAX_LATENCY_MS = 5000;
const SLOW_LATENCY_MS = 1000;
const CERT_WARNING_DAYS = 14;

interface TestTarget {
  connector: Connector;
  url: string;
  sslVerification: boolean;
  secrets: SigningSecrets;
  signatureScheme: SignatureScheme;
  message: string;
  /** The events the message is checked for: the webhook's, or every event for an unsaved one. */
  events: readonly string[];
}

/**
 * Test connection (DESIGN §8): a signed `WebhookTest` through the same connector, signer and
 * transport as real deliveries, reported check by check. Tests of saved webhooks are logged.
 */
@Injectable()
export class WebhookTesterService {
  constructor(
    private readonly connectors: ConnectorRegistry,
    private readonly sender: DeliverySender,
    private readonly deliveries: DeliveryRepository,
    private readonly recorder: AttemptRecorder,
    private readonly cipher: SecretCipher,
    private readonly webhooks: WebhooksService,
  ) {}

  async testUnsaved(dto: TestWebhookDto): Promise<TestReportDto> {
    if (dto.secret === GENERATE_SECRET) {
      throw new BadRequestException([
        'secret "generate" makes a secret only when a webhook is saved; test with a secret of your own',
      ]);
    }
    const connector = this.connectors.resolve(dto.type ?? 'http');
    const target = {
      connector,
      url: dto.url,
      sslVerification: dto.sslVerification ?? true,
      secrets: { secret: dto.secret ?? null, previousSecret: null },
      signatureScheme: dto.signatureScheme ?? 'hmac',
      message: dto.message ?? connector.defaultMessage,
      events: EVENT_TYPES,
    };
    return (await this.run(target)).report;
  }

  async testSaved(cuid: string): Promise<TestReportDto> {
    const webhook = await this.webhooks.load(cuid);
    const target = {
      connector: this.connectors.get(webhook.type),
      url: this.webhooks.urlOf(webhook),
      sslVerification: webhook.sslVerification,
      secrets: signingSecrets(this.cipher, webhook),
      signatureScheme: webhook.signatureScheme,
      message: webhook.message,
      events: webhook.events,
    };
    const { report, sent, delivery } = await this.run(target);
    if (sent) await this.log(cuid, target.connector.type, delivery, sent);
    return report;
  }

  /** A saved webhook's test goes to its logs: a settled delivery with its one attempt, health untouched. */
  private async log(webhookCuid: string, connector: string, delivery: OutgoingDelivery, sent: SentAttempt) {
    const now = new Date();
    await this.deliveries.insertTest({ ...delivery, webhookCuid }, now);
    const identity = { deliveryCuid: delivery.cuid, webhookCuid, event: TEST_EVENT };
    const succeeded = sent.verdict.outcome === 'success';
    const statusCode = sent.result.statusCode ?? null;
    await this.recorder.record({
      record: {
        ...identity,
        attempt: 1,
        succeeded,
        status: succeeded ? 'succeeded' : 'failed',
        nextAttemptAt: null,
        statusCode,
        durationMs: sent.result.durationMs,
        errorCode: sent.verdict.errorCode,
        error: sent.verdict.error,
        requestHeaders: sent.requestHeaders,
        responseBody: sent.result.ok ? sent.result.body : null,
        rendered: null,
        at: now,
      },
      disableReason: null,
      affectsHealth: false,
      report: {
        ...identity,
        connector,
        attempt: 1,
        statusCode,
        durationMs: sent.result.durationMs,
        verdict: sent.verdict,
        retryInMs: null,
      },
    });
  }

  private async run(target: TestTarget) {
    assertRenders(target.connector, target.message, target.events);
    const cuid = recordId();
    const event = sampleEvent(TEST_EVENT, { cuid });
    const delivery: OutgoingDelivery = {
      cuid,
      event: TEST_EVENT,
      ...renderOrRefuse(target.connector, target.message, event),
    };
    const shape = checkUrlShape(target.url);
    const urlProblem = shape && `url ${shape}`;
    if (urlProblem) {
      const checks = [
        check('url', false, urlProblem),
        ...skipped(['dns', 'address', 'tls', 'redirect', 'status', 'latency']),
      ];
      return {
        report: { ok: false, statusCode: null, durationMs: 0, checks, warnings: [], error: urlProblem },
        delivery,
      };
    }
    const sent = await this.sender.send({ ...target, type: target.connector.type }, delivery, 1);
    return { report: buildReport(target, sent), sent, delivery };
  }
}

function buildReport(target: TestTarget, { result, verdict }: SentAttempt): TestReportDto {
  const https = target.url.toLowerCase().startsWith('https:');
  const code = result.errorCode;
  const reached = result.ok;
  const checks: TestCheckDto[] = [
    check('url', true, `${https ? 'https' : 'http'} URL`),
    code === 'DNS_ERROR'
      ? check('dns', false, result.error ?? 'could not resolve the host')
      : check('dns', true, `resolves to ${(result.addresses ?? []).join(', ') || 'an IP literal'}`),
    code === 'BLOCKED_ADDRESS'
      ? check('address', false, result.error ?? 'blocked address')
      : check(
          'address',
          code !== 'DNS_ERROR',
          result.remoteAddress ? `connected to ${result.remoteAddress}${via(result.proxy)}` : 'not reached',
        ),
    tlsCheck(https, result.tls?.validTo, code === 'TLS_ERROR' ? result.error : undefined, reached),
    check(
      'redirect',
      code !== 'REDIRECT' && reached,
      code === 'REDIRECT' ? (result.error ?? 'redirected') : reached ? 'no redirect' : 'not reached',
    ),
    reached
      ? check(
          'status',
          verdict.outcome === 'success',
          `HTTP ${result.statusCode}${verdict.error ? ` — ${verdict.error}` : ''}`,
        )
      : check('status', false, 'no response'),
    check(
      'latency',
      reached && result.durationMs <= MAX_LATENCY_MS,
      `${result.durationMs} ms (limit ${MAX_LATENCY_MS} ms)`,
    ),
  ];
  const warnings: string[] = [];
  if (reached && result.durationMs > SLOW_LATENCY_MS)
    warnings.push(`Slow response: ${result.durationMs} ms (aim for under 1 s)`);
  if (!https) warnings.push('The URL uses plain http: deliveries are not encrypted in transit');
  if (!target.sslVerification) warnings.push('SSL verification is off for this webhook');
  const mismatch = urlMismatch(target.connector, target.url);
  if (mismatch) warnings.push(mismatch);
  const expiresInDays = result.tls?.validTo
    ? (Date.parse(result.tls.validTo) - Date.now()) / 86_400_000
    : Infinity;
  if (expiresInDays < CERT_WARNING_DAYS)
    warnings.push(`The TLS certificate expires in ${Math.floor(expiresInDays)} days`);
  return {
    ok: checks.every((c) => c.ok),
    statusCode: result.statusCode ?? null,
    durationMs: result.durationMs,
    checks,
    warnings,
    error: verdict.error,
  };
}

function via(proxy: string | undefined): string {
  return proxy ? ` through egress proxy ${proxy}` : '';
}

function tlsCheck(
  https: boolean,
  validTo: string | undefined,
  error: string | undefined,
  reached: boolean,
): TestCheckDto {
  if (!https) return check('tls', true, 'not used (http)');
  if (error) return check('tls', false, error);
  if (!reached) return check('tls', false, 'not reached');
  return check('tls', true, validTo ? `handshake ok; certificate valid until ${validTo}` : 'handshake ok');
}

function check(name: string, ok: boolean, detail: string): TestCheckDto {
  return { name, ok, detail };
}

function skipped(names: string[]): TestCheckDto[] {
  return names.map((name) => check(name, false, 'skipped: the url is not valid'));
}
