import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createId } from '@paralleldrive/cuid2';
import { hasStatuses, STATUS_EVENTS, type Connector } from '@hookpost/connector-sdk';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { urlMismatch } from '../connectors/url-mismatch';
import { GENERATE_SECRET, generateWebhookSecret } from '../crypto/generated-secret';
import { maskSecret, SecretCipher } from '../crypto/secret-cipher';
import { signingSecrets } from '../crypto/signing-secrets';
import { readUrl, storeUrl } from '../crypto/stored-url';
import { filterProblems } from '../filters/filter-validator';
import { checkUrlTarget } from '../net/address-classifier';
import { WEBHOOKS_CHANGED, type WebhooksChanged } from '../news/webhook-news';
import {
  WebhookRepository,
  type WebhookChanges,
  type WebhookRecord,
} from '../persistence/webhook.repository';
import { renderRefusals } from './render-check';
import { CreateWebhookDto, UpdateWebhookDto, WebhookListQueryDto, WebhookResponseDto } from './webhook.dto';

const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Webhook configuration CRUD. Validation the DTO cannot express (registry, SSRF, cross-field, the
 * render budget) lives here; every change is news (WEBHOOKS_CHANGED) for whoever keeps copies.
 */
@Injectable()
export class WebhooksService implements OnApplicationBootstrap {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly cipher: SecretCipher,
    private readonly connectors: ConnectorRegistry,
    private readonly events: EventEmitter2,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  /**
   * Encrypts credential URLs stored in the clear: rows saved before their connector declared
   * `secretUrl` (or before Hookpost encrypted URLs). Idempotent, so every process may run it.
   */
  async onApplicationBootstrap(): Promise<void> {
    const plain = await this.webhooks.plainUrls(this.connectors.secretUrlTypes());
    for (const { cuid, type, url } of plain) {
      await this.webhooks.update(cuid, storeUrl(this.cipher, this.connectors.get(type), url), new Date());
    }
  }

  async list(query: WebhookListQueryDto): Promise<WebhookResponseDto[]> {
    const enabled = query.enabled === undefined ? undefined : query.enabled === 'true';
    const webhooks = await this.webhooks.list({ event: query.event, clientCuid: query.clientCuid, enabled });
    return webhooks.map((webhook) => this.toResponse(webhook));
  }

  async get(cuid: string): Promise<WebhookResponseDto> {
    return this.toResponse(await this.load(cuid));
  }

  async create(dto: CreateWebhookDto): Promise<WebhookResponseDto> {
    const connector = this.connectors.resolve(dto.type ?? 'http');
    const { secret, generated } = chosenSecret(dto.secret);
    const webhook = {
      cuid: createId(),
      name: dto.name,
      type: connector.type,
      ...storeUrl(this.cipher, connector, dto.url),
      secretEncrypted: secret ? this.cipher.encrypt(secret) : null,
      previousSecretEncrypted: null,
      previousSecretExpiresAt: null,
      sslVerification: dto.sslVerification ?? true,
      events: dto.events,
      clientCuids: dto.clientCuids ?? [],
      statuses: dto.statuses ?? [],
      enabled: dto.enabled ?? true,
      message: dto.message ?? connector.defaultMessage,
      ordering: dto.ordering ?? 'none',
      rateLimit: dto.rateLimit ?? null,
      maxInFlight: dto.maxInFlight ?? null,
      filter: dto.filter ?? null,
      signatureScheme: dto.signatureScheme ?? 'hmac',
    };
    const warnings = this.check(webhook, dto.url, connector, { renders: true });
    const created = await this.webhooks.insert(webhook, new Date());
    this.changed(created.cuid);
    return { ...this.toResponse(created), warnings, ...generated };
  }

  async update(cuid: string, dto: UpdateWebhookDto): Promise<WebhookResponseDto> {
    const current = await this.load(cuid);
    const previousConnector = this.connectors.resolve(current.type);
    const connector = this.connectors.resolve(dto.type ?? current.type);
    const url = dto.url ?? this.urlOf(current);
    const { secret: given, url: _url, ...fields } = dto;
    const { secret, generated } = chosenSecret(given);
    const changes: WebhookChanges = {
      ...fields,
      type: connector.type,
      ...storeUrl(this.cipher, connector, url),
      // An untouched default message follows the type.
      ...(dto.message === undefined && current.message === previousConnector.defaultMessage
        ? { message: connector.defaultMessage }
        : {}),
      ...(secret === undefined ? {} : this.secretChange(current, secret)),
      // Enabled again by hand: a fresh start, with no run of failures behind it.
      ...(dto.enabled === true && !current.enabled
        ? { disabledReason: null, consecutiveFailures: 0, failingSince: null, alertedAt: null }
        : {}),
    };
    const next = { ...current, ...definedOnly(changes) };
    // An unchanged message is not judged again, so a webhook saved before the render budget
    // existed can still be renamed or disabled; its deliveries fail on their own meanwhile.
    const warnings = this.check(next, url, connector, {
      renders: renderingOf(next) !== renderingOf(current),
    });
    const updated = await this.webhooks.update(cuid, changes, new Date());
    if (!updated) throw new NotFoundException(`Webhook ${cuid} not found`);
    this.changed(cuid);
    return { ...this.toResponse(updated), warnings, ...generated };
  }

  async remove(cuid: string): Promise<void> {
    if (!(await this.webhooks.delete(cuid))) throw new NotFoundException(`Webhook ${cuid} not found`);
    this.changed(cuid);
  }

  toResponse(webhook: WebhookRecord): WebhookResponseDto {
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
      ordering: webhook.ordering,
      rateLimit: webhook.rateLimit,
      maxInFlight: webhook.maxInFlight,
      filter: webhook.filter,
      signatureScheme: webhook.signatureScheme,
      createdAt: webhook.createdAt.toISOString(),
      updatedAt: webhook.updatedAt.toISOString(),
      health: {
        consecutiveFailures: webhook.consecutiveFailures,
        lastAttemptAt: webhook.lastAttemptAt?.toISOString() ?? null,
        lastStatus: webhook.lastStatus,
        lastError: webhook.lastError,
        lastErrorAt: webhook.lastErrorAt?.toISOString() ?? null,
        disabledReason: webhook.disabledReason,
      },
    };
  }

  async load(cuid: string): Promise<WebhookRecord> {
    const webhook = await this.webhooks.find(cuid);
    if (!webhook) throw new NotFoundException(`Webhook ${cuid} not found`);
    return webhook;
  }

  /** The webhook's URL in the clear, however it is stored. */
  urlOf(webhook: Pick<WebhookRecord, 'url' | 'urlEncrypted'>): string {
    return readUrl(this.cipher, webhook);
  }

  private changed(cuid: string): void {
    this.events.emit(WEBHOOKS_CHANGED, { cuids: [cuid] } satisfies WebhooksChanged);
  }

  /** A new secret; the one it replaces keeps signing for 24 h (Standard Webhooks rotation). */
  private secretChange(webhook: WebhookRecord, secret: string | null): WebhookChanges {
    const current = webhook.secretEncrypted;
    const next = secret ? this.cipher.encrypt(secret) : null;
    const keepPrevious = current !== null && next !== null;
    return {
      secretEncrypted: next,
      previousSecretEncrypted: keepPrevious ? current : null,
      previousSecretExpiresAt: keepPrevious ? new Date(Date.now() + ROTATION_GRACE_MS) : null,
    };
  }

  /**
   * Rules that span fields or need configuration; returns advice that does not block saving.
   * `renders`: also render the message for the largest sample of each of its events.
   */
  private check(
    webhook: Pick<WebhookRecord, 'statuses' | 'events' | 'message' | 'filter'>,
    url: string,
    connector: Connector,
    { renders }: { renders: boolean },
  ): string[] {
    const errors: string[] = [];
    const refusal = checkUrlTarget(url, this.config.allowCidrs);
    if (refusal) errors.push(`url ${refusal}`);
    if (webhook.statuses.length > 0 && !webhook.events.some(hasStatuses)) {
      errors.push(
        `statuses applies only to the ${STATUS_EVENTS.join(' or ')} event; add it to events or leave statuses empty`,
      );
    }
    if (webhook.filter !== null) errors.push(...filterProblems(webhook.filter));
    if (renders) errors.push(...renderRefusals(connector, webhook.message, webhook.events));
    if (errors.length) throw new BadRequestException(errors);
    const mismatch = urlMismatch(connector, url);
    return mismatch ? [`${mismatch}; saved anyway`] : [];
  }
}

/**
 * The secret to store for a request's `secret`: "generate" is replaced by a new one, which that one
 * response shows (`generatedSecret`); anything else is taken as given.
 */
function chosenSecret(given: string | null | undefined): {
  secret: string | null | undefined;
  generated?: { generatedSecret: string };
} {
  if (given !== GENERATE_SECRET) return { secret: given };
  const secret = generateWebhookSecret();
  return { secret, generated: { generatedSecret: secret } };
}

/** What a webhook's deliveries are rendered from: its connector, message and events. */
function renderingOf(webhook: Pick<WebhookRecord, 'type' | 'message' | 'events'>): string {
  return JSON.stringify([webhook.type, webhook.message, webhook.events]);
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
