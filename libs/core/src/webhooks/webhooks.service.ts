import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EntityManager, FilterQuery, raw } from '@mikro-orm/postgresql';
import type { Connector } from '@hookpost/connector-sdk';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { urlMismatch } from '../connectors/url-mismatch';
import { maskSecret, SecretCipher } from '../crypto/secret-cipher';
import { signingSecrets } from '../crypto/signing-secrets';
import { renderRefusals } from '../delivery/render-check';
import { checkUrlTarget } from '../net/address-classifier';
import { CreateWebhookDto, UpdateWebhookDto, WebhookListQueryDto, WebhookResponseDto } from './webhook.dto';
import { Webhook } from './webhook.entity';
import { WebhookMatcher } from './webhook-matcher';
import { readUrl, storeUrl } from './webhook-url';

const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;
const STATUS_EVENT = 'ReportStatusChanged';

/** Webhook configuration CRUD. Validation the DTO cannot express (registry, SSRF, cross-field) lives here. */
@Injectable()
export class WebhooksService implements OnApplicationBootstrap {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: SecretCipher,
    private readonly connectors: ConnectorRegistry,
    private readonly matcher: WebhookMatcher,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  /**
   * Encrypts credential URLs stored in the clear: rows saved before their connector declared
   * `secretUrl` (or before Hookpost encrypted URLs). Idempotent, so every process may run it.
   */
  async onApplicationBootstrap(): Promise<void> {
    const em = this.em.fork();
    const plain = await em.find(Webhook, {
      type: { $in: this.connectors.secretUrlTypes() },
      urlEncrypted: null,
    });
    for (const webhook of plain) {
      Object.assign(webhook, storeUrl(this.cipher, this.connectors.get(webhook.type), webhook.url));
    }
    await em.flush();
  }

  async list(query: WebhookListQueryDto): Promise<WebhookResponseDto[]> {
    const where: FilterQuery<Webhook> = {};
    if (query.event) where.events = { $contains: [query.event] };
    if (query.enabled) where.enabled = query.enabled === 'true';
    if (query.clientCuid) {
      where.$or = [
        { [raw('cardinality(client_cuids)')]: 0 },
        { clientCuids: { $contains: [query.clientCuid] } },
      ];
    }
    const webhooks = await this.em.find(Webhook, where, { orderBy: { createdAt: 'desc', cuid: 'asc' } });
    return webhooks.map((webhook) => this.toResponse(webhook));
  }

  async get(cuid: string): Promise<WebhookResponseDto> {
    return this.toResponse(await this.load(cuid));
  }

  async create(dto: CreateWebhookDto): Promise<WebhookResponseDto> {
    const connector = this.connectors.resolve(dto.type ?? 'http');
    const webhook = this.em.create(Webhook, {
      name: dto.name,
      type: connector.type,
      ...storeUrl(this.cipher, connector, dto.url),
      sslVerification: dto.sslVerification ?? true,
      events: dto.events,
      clientCuids: dto.clientCuids ?? [],
      statuses: dto.statuses ?? [],
      enabled: dto.enabled ?? true,
      message: dto.message ?? connector.defaultMessage,
      secretEncrypted: dto.secret ? this.cipher.encrypt(dto.secret) : null,
    });
    const warnings = this.check(webhook, dto.url, connector, { renders: true });
    await this.em.flush();
    this.matcher.invalidate();
    return { ...this.toResponse(webhook), warnings };
  }

  async update(cuid: string, dto: UpdateWebhookDto): Promise<WebhookResponseDto> {
    const webhook = await this.load(cuid);
    const rendering = renderingOf(webhook);
    const previousConnector = this.connectors.resolve(webhook.type);
    const connector = this.connectors.resolve(dto.type ?? webhook.type);
    if (dto.message === undefined && webhook.message === previousConnector.defaultMessage) {
      webhook.message = connector.defaultMessage; // an untouched default follows the type
    }
    if (dto.secret !== undefined) this.changeSecret(webhook, dto.secret);
    if (dto.enabled === true && !webhook.enabled) {
      webhook.disabledReason = null;
      webhook.consecutiveFailures = 0;
    }
    const url = dto.url ?? this.urlOf(webhook);
    const { secret: _secret, url: _url, ...fields } = dto;
    this.em.assign(webhook, { ...fields, type: connector.type, ...storeUrl(this.cipher, connector, url) });
    // An unchanged message is not judged again, so a webhook saved before the render budget
    // existed can still be renamed or disabled; its deliveries fail on their own meanwhile.
    const warnings = this.check(webhook, url, connector, { renders: renderingOf(webhook) !== rendering });
    await this.em.flush();
    this.matcher.invalidate();
    return { ...this.toResponse(webhook), warnings };
  }

  async remove(cuid: string): Promise<void> {
    this.em.remove(await this.load(cuid));
    await this.em.flush();
    this.matcher.invalidate();
  }

  toResponse(webhook: Webhook): WebhookResponseDto {
    const { secret } = signingSecrets(this.cipher, webhook);
    return {
      cuid: webhook.cuid,
      name: webhook.name,
      type: webhook.type,
      url: this.urlOf(webhook),
      secret: secret === null ? null : maskSecret(secret),
      hasSecret: secret !== null,
      sslVerification: webhook.sslVerification,
      events: webhook.events,
      clientCuids: webhook.clientCuids,
      statuses: webhook.statuses,
      enabled: webhook.enabled,
      message: webhook.message,
      createdAt: webhook.createdAt.toISOString(),
      updatedAt: webhook.updatedAt.toISOString(),
      health: {
        consecutiveFailures: webhook.consecutiveFailures,
        lastAttemptAt: webhook.lastAttemptAt?.toISOString() ?? null,
        lastStatus: webhook.lastStatus,
        disabledReason: webhook.disabledReason,
      },
    };
  }

  async load(cuid: string): Promise<Webhook> {
    const webhook = await this.em.findOne(Webhook, { cuid });
    if (!webhook) throw new NotFoundException(`Webhook ${cuid} not found`);
    return webhook;
  }

  /** The webhook's URL in the clear, however it is stored. */
  urlOf(webhook: Webhook): string {
    return readUrl(this.cipher, webhook);
  }

  private changeSecret(webhook: Webhook, secret: string | null): void {
    const current = webhook.secretEncrypted;
    const next = secret ? this.cipher.encrypt(secret) : null;
    const keepPrevious = current !== null && next !== null;
    webhook.previousSecretEncrypted = keepPrevious ? current : null;
    webhook.previousSecretExpiresAt = keepPrevious ? new Date(Date.now() + ROTATION_GRACE_MS) : null;
    webhook.secretEncrypted = next;
  }

  /**
   * Rules that span fields or need configuration; returns advice that does not block saving.
   * `renders`: also render the message for the largest sample of each of its events.
   */
  private check(
    webhook: Webhook,
    url: string,
    connector: Connector,
    { renders }: { renders: boolean },
  ): string[] {
    const errors: string[] = [];
    const refusal = checkUrlTarget(url, this.config.allowCidrs);
    if (refusal) errors.push(`url ${refusal}`);
    if (webhook.statuses.length > 0 && !webhook.events.includes(STATUS_EVENT)) {
      errors.push(
        `statuses applies only to the ${STATUS_EVENT} event; add it to events or leave statuses empty`,
      );
    }
    if (renders) errors.push(...renderRefusals(connector, webhook.message, webhook.events));
    if (errors.length) throw new BadRequestException(errors);
    const mismatch = urlMismatch(connector, url);
    return mismatch ? [`${mismatch}; saved anyway`] : [];
  }
}

/** What a webhook's deliveries are rendered from: its connector, message and events. */
function renderingOf(webhook: Webhook): string {
  return JSON.stringify([webhook.type, webhook.message, webhook.events]);
}
