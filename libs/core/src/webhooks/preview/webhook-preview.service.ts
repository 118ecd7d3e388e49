import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { sampleEvent } from '@hookpost/connector-sdk';
import { ConnectorRegistry } from '../../connectors/connector-registry';
import { urlMismatch } from '../../connectors/url-mismatch';
import { compileFilter } from '../../filters/filter-evaluator';
import { filterProblems } from '../../filters/filter-validator';
import { checkUrlShape } from '../../net/address-classifier';
import { sampleTraceparent } from '../../observability/trace-context';
import { TRACING, type Tracing } from '../../observability/tracing';
import { buildRequestHeaders, schemeSigner } from '../../pipeline/4-attempt/delivery-sender';
import { ServerSigningKey } from '../../signing/server-signing-key';
import { assertRenders, renderOrRefuse } from '../render-check';
import { PreviewWebhookDto, WebhookPreviewDto } from './webhook-preview.dto';

const NO_SECRETS = { secret: null, previousSecret: null };

/**
 * The request a connector would send for a sample of an event, built by the same renderer and
 * header builder as real deliveries but never sent. No HMAC signatures: a preview has no secret to
 * show; with the ed25519 scheme the server's `v1a` signature is there, as a delivery would carry it.
 * With a filter, it also says whether the sample would be delivered at all. With tracing on it shows a
 * `traceparent` as each attempt sends its own (random ids here: a preview is not traced).
 */
@Injectable()
export class WebhookPreviewService {
  constructor(
    private readonly connectors: ConnectorRegistry,
    @Inject(TRACING) private readonly tracing: Tracing,
    private readonly serverKey: ServerSigningKey,
  ) {}

  preview(dto: PreviewWebhookDto): WebhookPreviewDto {
    const connector = this.connectors.resolve(dto.type);
    const shape = dto.url === undefined ? null : checkUrlShape(dto.url);
    if (shape) throw new BadRequestException([`url ${shape}`]);
    const filter = dto.filter ?? null;
    const filterErrors = filter === null ? [] : filterProblems(filter);
    if (filterErrors.length) throw new BadRequestException(filterErrors);

    const message = dto.message ?? connector.defaultMessage;
    assertRenders(connector, message, [dto.event]);
    const event = sampleEvent(dto.event);
    const rendered = renderOrRefuse(connector, message, event);
    const headers = buildRequestHeaders({
      delivery: { cuid: event.cuid, event: event.event, ...rendered },
      attempt: 1,
      secrets: NO_SECRETS,
      timestamp: Math.floor(Date.now() / 1000),
      traceparent: this.tracing.tracer ? sampleTraceparent() : undefined,
      signingKey: schemeSigner(dto.signatureScheme ?? 'hmac', this.serverKey),
    });
    const mismatch = dto.url === undefined ? null : urlMismatch(connector, dto.url);
    return {
      method: 'POST',
      headers,
      body: rendered.body,
      bytes: Buffer.byteLength(rendered.body, 'utf8'),
      warnings: mismatch ? [mismatch] : [],
      filterMatches: filter === null ? null : compileFilter(filter)(event),
    };
  }
}
