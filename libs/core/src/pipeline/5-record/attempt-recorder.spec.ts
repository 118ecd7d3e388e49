import type { AttemptRecord, HealthTransition } from '../../persistence/attempt.repository';
import { healthChanges, operationalNews, type RecordedAttempt } from './attempt-recorder';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

function attempt(
  fields: Partial<AttemptRecord> & { affectsHealth?: boolean; disableReason?: string },
): RecordedAttempt {
  const { affectsHealth = true, disableReason = null, ...record } = fields;
  return {
    record: {
      deliveryCuid: 'd1',
      webhookCuid: 'w1',
      event: 'ReportPublished',
      attempt: 1,
      succeeded: false,
      status: 'pending',
      nextAttemptAt: null,
      statusCode: 500,
      durationMs: 3,
      errorCode: 'HTTP_ERROR',
      error: 'Failed to call webhook: HTTP 500',
      requestHeaders: {},
      responseBody: null,
      rendered: null,
      at: at(0),
      ...record,
    },
    disableReason,
    affectsHealth,
    report: {} as RecordedAttempt['report'],
  };
}

const transition = (fields: Partial<HealthTransition>): HealthTransition => ({
  webhookCuid: 'w1',
  name: 'Ops',
  consecutiveFailures: 5,
  failingSince: at(0),
  lastError: 'Failed to call webhook: HTTP 500',
  alerted: false,
  disabled: false,
  disabledReason: null,
  ...fields,
});

describe('healthChanges', () => {
  it('counts the failures after the last success, and when that run began', () => {
    const batch = [
      attempt({ at: at(1) }),
      attempt({ at: at(2), succeeded: true, status: 'succeeded' }),
      attempt({ at: at(3) }),
      attempt({ at: at(4) }),
      attempt({ webhookCuid: 'w2', at: at(5), disableReason: 'The endpoint answered 410 Gone' }),
      attempt({ webhookCuid: 'w3', at: at(6), affectsHealth: false }),
    ];
    expect(healthChanges(batch)).toEqual([
      {
        webhookCuid: 'w1',
        reset: true,
        failures: 2,
        firstFailureAt: at(3),
        lastAttemptAt: at(4),
        lastStatus: 'failed',
        lastError: { message: 'Failed to call webhook: HTTP 500', at: at(4) },
        disableReason: null,
      },
      {
        webhookCuid: 'w2',
        reset: false,
        failures: 1,
        firstFailureAt: at(5),
        lastAttemptAt: at(5),
        lastStatus: 'failed',
        lastError: { message: 'Failed to call webhook: HTTP 500', at: at(5) },
        disableReason: 'The endpoint answered 410 Gone',
      },
    ]);
  });

  it('keeps the latest failure of the batch, naming the HTTP status when the attempt gave no error text', () => {
    const [change] = healthChanges([
      attempt({ at: at(1), error: 'connect ECONNREFUSED' }),
      attempt({ at: at(2), error: null, statusCode: 502 }),
      attempt({ at: at(3), succeeded: true, status: 'succeeded', statusCode: 200, error: null }),
    ]);
    expect(change).toMatchObject({ lastStatus: 'succeeded', lastError: { message: 'HTTP 502', at: at(2) } });
  });
});

describe('operationalNews', () => {
  it('raises WebhookFailing, WebhookDisabled and DeliveryFailed for what the batch did', () => {
    const webhook = {
      cuid: 'w1',
      name: 'Ops',
      consecutiveFailures: 5,
      failingSince: at(0).toISOString(),
      lastError: 'Failed to call webhook: HTTP 500',
      disabledReason: 'gone',
    };
    const batch = [attempt({ status: 'failed', attempt: 6, deliveryCuid: 'd9' })];
    expect(
      operationalNews(batch, [transition({ alerted: true, disabled: true, disabledReason: 'gone' })]),
    ).toEqual([
      { event: 'WebhookFailing', webhook },
      { event: 'WebhookDisabled', webhook },
      {
        event: 'DeliveryFailed',
        webhook,
        delivery: {
          cuid: 'd9',
          event: 'ReportPublished',
          attempts: 6,
          error: 'Failed to call webhook: HTTP 500',
        },
      },
    ]);
  });

  it('raises nothing about a delivery of an operational event, or a connection test', () => {
    const batch = [
      attempt({ event: 'WebhookFailing', status: 'failed' }),
      attempt({ event: 'WebhookTest', status: 'failed', affectsHealth: false }),
    ];
    expect(operationalNews(batch, [transition({ alerted: true, disabled: true })])).toEqual([]);
  });

  it('raises nothing for a retry or a webhook that moved nowhere', () => {
    expect(operationalNews([attempt({ status: 'pending' })], [transition({})])).toEqual([]);
  });
});
