import { classifyByStatus, type Connector, type Outcome } from '@hookpost/connector-sdk';
import type { TransportResult } from '../../net/http-transport';
import type { AttemptErrorCode } from '../../persistence/entities/delivery-attempt.entity';

export interface AttemptVerdict {
  outcome: Outcome;
  errorCode: AttemptErrorCode | null;
  error: string | null;
  /** Set when the endpoint asked us to stop for good (410 Gone): the webhook is disabled with this reason. */
  disableReason?: string;
}

/**
 * Judges one attempt. Transport failures are retried except a blocked address (permanent); a
 * redirect is a failure (never followed); 410 disables the webhook; otherwise the connector decides.
 */
export function judgeAttempt(result: TransportResult, connector: Connector): AttemptVerdict {
  if (result.errorCode) {
    const outcome = result.errorCode === 'BLOCKED_ADDRESS' ? 'permanent' : 'retry';
    return { outcome, errorCode: result.errorCode, error: result.error ?? 'Failed to call webhook' };
  }
  const status = result.statusCode ?? 0;
  if (status === 410) {
    return {
      outcome: 'permanent',
      errorCode: 'HTTP_ERROR',
      error: 'Failed to call webhook: HTTP 410 Gone',
      disableReason: 'The endpoint answered 410 Gone: it asked not to receive more deliveries',
    };
  }
  const response = { statusCode: status, headers: result.headers, body: result.body };
  const verdict = (connector.classify ?? classifyByStatus)(response);
  if (verdict.outcome === 'success') return { outcome: 'success', errorCode: null, error: null };
  const detail = verdict.reason && verdict.reason !== `HTTP ${status}` ? `: ${verdict.reason}` : '';
  return {
    outcome: verdict.outcome,
    errorCode: 'HTTP_ERROR',
    error: `Failed to call webhook: HTTP ${status}${detail}`,
  };
}
