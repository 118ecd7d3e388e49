/**
 * An endpoint is under pressure (it answered 429/503 or timed out) or has recovered: every worker
 * process then gates its attempts through Redis, or stops doing so. Said on the event bus and
 * carried to the other processes by NewsRelay.
 */
export const ENDPOINT_PRESSURE = 'hookpost.endpoint.pressure';

export interface EndpointPressure {
  webhookCuid: string;
  degraded: boolean;
  /** Set on news that came from another process (and so is not sent on again). */
  relayed?: true;
}
