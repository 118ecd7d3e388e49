import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { ENDPOINT_PRESSURE, type EndpointPressure } from '../../news/endpoint-news';
import type { Subscriber } from '../../persistence/webhook.repository';
import type { HealthEffect } from '../4-attempt/next-state';
import { DeliveryQueue } from './delivery-queue';
import { ACQUIRE, RELEASE } from './endpoint-gate.lua';

/** Beyond the attempt's timeout, how long an in-flight mark outlives a worker that died holding it. */
const LEASE_MARGIN_MS = 5_000;
/** A process that heard of pressure but never of recovery forgets it after this. */
const PRESSURE_MEMORY_MS = 10 * 60 * 1000;

export type GateDecision =
  { granted: true; pass: GatePass } | { granted: false; waitMs: number; rateReserved: boolean };

/** An attempt let through, to hand back when it ends. */
export interface GatePass {
  webhook: Subscriber;
  token: string | null;
}

type GateRedis = Redis & {
  gateAcquire(...args: (string | number)[]): Promise<number>;
  gateRelease(...args: (string | number)[]): Promise<number>;
};

/**
 * Flow control per endpoint, across every worker process (Redis): a webhook's `rateLimit` (requests a
 * second, GCRA) and `maxInFlight`, and the endpoint's own pressure: a 429 or 503 pauses it (its
 * Retry-After, at least a second) and halves its in-flight limit, a timeout halves the limit, and
 * each success raises it by one until it is back at its ceiling (`maxInFlight`, or the worker
 * concurrency) and the endpoint counts as healthy again. A delivery the gate does not let through
 * waits without spending an attempt. A webhook with no limits and no pressure never touches Redis.
 */
@Injectable()
export class EndpointGate {
  private readonly redis: GateRedis;
  private readonly pressured = new Map<string, number>();

  constructor(
    queue: DeliveryQueue,
    private readonly events: EventEmitter2,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {
    this.redis = queue.queue.client as GateRedis;
    this.redis.defineCommand('gateAcquire', { numberOfKeys: 5, lua: ACQUIRE });
    this.redis.defineCommand('gateRelease', { numberOfKeys: 4, lua: RELEASE });
  }

  /**
   * Lets an attempt start now, or says how long it waits (a rate wait holds its slot for it). A wait
   * for the in-flight limit grows with the attempt's `waits` before (doubling, up to 8 times the
   * first): an endpoint that holds its requests until they time out frees a slot every few seconds,
   * and its backlog should not come back to ask several times a second.
   */
  async acquire(
    webhook: Subscriber,
    rateReserved = false,
    now = Date.now(),
    waits = 0,
  ): Promise<GateDecision> {
    if (!this.gated(webhook, now)) return { granted: true, pass: { webhook, token: null } };
    const token = randomUUID();
    const wait = await this.redis.gateAcquire(
      ...this.keys(webhook.cuid),
      `${this.keyBase(webhook.cuid)}:line`,
      now,
      webhook.rateLimit ?? 0,
      webhook.maxInFlight ?? 0,
      this.config.deliveryTimeoutMs + LEASE_MARGIN_MS,
      token,
      rateReserved ? '1' : '0',
      waits,
    );
    if (wait === 0) return { granted: true, pass: { webhook, token } };
    return { granted: false, waitMs: Math.abs(wait), rateReserved: wait < 0 || rateReserved };
  }

  /** Hands back an attempt's pass: its outcome adapts the endpoint, and `sentAt` dates its start in the rate's window. */
  async release(
    { webhook, token }: GatePass,
    health: HealthEffect,
    now = Date.now(),
    sentAt: number | null = null,
  ): Promise<void> {
    const pressure = health.pressure !== 'none';
    if (token === null && !pressure) return;
    const outcome = pressure ? health.pressure : health.succeeded ? 'ok' : 'other';
    const ceiling = webhook.maxInFlight ?? this.config.workerConcurrency;
    const degraded = await this.redis.gateRelease(
      ...this.keys(webhook.cuid),
      now,
      token ?? '',
      outcome,
      health.pauseMs,
      ceiling,
      sentAt ?? 0,
    );
    const known = this.pressured.has(webhook.cuid);
    if (degraded === 1 && !known) this.tell({ webhookCuid: webhook.cuid, degraded: true });
    if (degraded === 0 && known) this.tell({ webhookCuid: webhook.cuid, degraded: false });
  }

  @OnEvent(ENDPOINT_PRESSURE)
  heard({ webhookCuid, degraded }: EndpointPressure): void {
    if (degraded) this.pressured.set(webhookCuid, Date.now() + PRESSURE_MEMORY_MS);
    else this.pressured.delete(webhookCuid);
  }

  private tell(news: EndpointPressure): void {
    this.events.emit(ENDPOINT_PRESSURE, news); // heard here too, then by the other processes
  }

  private gated(webhook: Subscriber, now: number): boolean {
    if (webhook.rateLimit !== null || webhook.maxInFlight !== null) return true;
    const until = this.pressured.get(webhook.cuid);
    if (until === undefined) return false;
    if (until > now) return true;
    this.pressured.delete(webhook.cuid);
    return false;
  }

  private keys(webhookCuid: string): [string, string, string, string] {
    const base = this.keyBase(webhookCuid);
    return [`${base}:rate`, `${base}:flight`, `${base}:state`, `${base}:sent`];
  }

  private keyBase(webhookCuid: string): string {
    return `${this.config.queuePrefix}:gate:${webhookCuid}`;
  }
}
