import { Inject, Injectable } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { ConnectorRegistry } from '../../connectors/connector-registry';
import { SecretCipher } from '../../crypto/secret-cipher';
import type { ClaimedDelivery } from '../../persistence/delivery.repository';
import { AttemptRecorder } from '../5-record/attempt-recorder';
import { attemptTarget } from './attempt-target';
import type { AttemptVerdict } from './attempt-verdict';
import { renderDelivery, toConnectorEvent, type RenderedDelivery } from './delivery-renderer';
import { DeliverySender, type SentAttempt } from './delivery-sender';
import { nextState, type NextState } from './next-state';

/** An attempt made: what comes next, and when its request went out (null: nothing was sent). */
export interface AttemptRun {
  next: NextState;
  sentAt: number | null;
}

/**
 * Stage 4 for one delivery its dispatcher holds: render (first attempt only, from the event's stored
 * facts), sign and send, decide what comes next, and hand the attempt to the record stage. Returns
 * the delivery's next state, or null when its webhook was disabled meanwhile (cancelled, no attempt).
 * Storage errors are thrown: the dispatcher's lease then runs out and the delivery is taken again.
 */
@Injectable()
export class DeliveryRunner {
  constructor(
    private readonly connectors: ConnectorRegistry,
    private readonly sender: DeliverySender,
    private readonly recorder: AttemptRecorder,
    private readonly cipher: SecretCipher,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  async run(delivery: ClaimedDelivery): Promise<AttemptRun | null> {
    const deliveryCuid = delivery.cuid;
    const webhookCuid = delivery.webhook.cuid;
    const event = delivery.event;
    if (!delivery.enabled) {
      await this.recorder.cancelled(delivery.webhook.type, { deliveryCuid, webhookCuid, event });
      return null;
    }
    const rendered = this.rendered(delivery);
    const attempt = delivery.attempts + 1;
    const sent =
      'error' in rendered
        ? notSent(rendered.error)
        : await this.sender.send(
            attemptTarget(this.cipher, delivery.webhook),
            {
              cuid: deliveryCuid,
              event,
              traceParent: delivery.traceParent,
              body: rendered.body,
              headers: rendered.headers,
            },
            attempt,
          );
    const now = new Date();
    const next = nextState(
      delivery,
      { verdict: sent.verdict, statusCode: sent.result.statusCode ?? null, headers: sent.result.headers },
      this.config.retrySchedule,
      now,
    );
    await this.recorder.record({
      record: {
        deliveryCuid,
        webhookCuid,
        event,
        attempt,
        succeeded: next.status === 'succeeded',
        status: next.status,
        nextAttemptAt: next.nextAttemptAt,
        statusCode: sent.result.statusCode ?? null,
        durationMs: sent.result.durationMs,
        errorCode: sent.verdict.errorCode,
        error: sent.verdict.error,
        requestHeaders: sent.requestHeaders,
        responseBody: sent.result.ok ? sent.result.body : null,
        rendered: delivery.body === null && !('error' in rendered) ? rendered : null,
        at: now,
      },
      disableReason: next.health.disableReason,
      affectsHealth: true,
      report: {
        deliveryCuid,
        webhookCuid,
        event,
        connector: delivery.webhook.type,
        attempt,
        statusCode: sent.result.statusCode ?? null,
        durationMs: sent.result.durationMs,
        verdict: sent.verdict,
        retryInMs: next.nextAttemptAt && next.nextAttemptAt.getTime() - now.getTime(),
      },
    });
    return { next, sentAt: 'error' in rendered ? null : now.getTime() - sent.result.durationMs };
  }

  /** The stored bytes, or the first render of them; a template that cannot render says why. */
  private rendered(delivery: ClaimedDelivery): RenderedDelivery | { error: string } {
    if (delivery.body !== null) return { body: delivery.body, headers: delivery.headers };
    if (!delivery.facts || !delivery.occurredAt) return { error: 'the event of this delivery is gone' };
    const event = toConnectorEvent(delivery.cuid, delivery.event, delivery.facts, delivery.occurredAt);
    try {
      return renderDelivery(this.connectors.get(delivery.webhook.type), delivery.webhook.message, event);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/**
 * The attempt of a delivery whose template cannot be rendered: nothing is sent, and trying again
 * cannot help until the template changes, so it fails for good (a redelivery renders afresh).
 */
function notSent(reason: string): SentAttempt {
  const verdict: AttemptVerdict = {
    outcome: 'permanent',
    errorCode: 'TEMPLATE_ERROR',
    error: `Failed to render message template: ${reason}`,
  };
  return { result: { ok: false, headers: {}, body: '', durationMs: 0 }, verdict, requestHeaders: {} };
}
