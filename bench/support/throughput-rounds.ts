import type { Throughput } from '../scenarios/throughput';
import type { ClosedLoopRun } from './closed-loop';

/** How a run names its round: in progress lines (`of`) and in its keys and webhook names (`suffix`). */
export interface RoundLabel {
  of: string;
  suffix: string;
}

export const NO_ROUNDS: RoundLabel = { of: '', suffix: '' };

export function roundLabel(round: number, rounds: number): RoundLabel {
  return rounds > 1 ? { of: ` (round ${round} of ${rounds})`, suffix: `-r${round}` } : NO_ROUNDS;
}

/** One round of throughput runs, taken back to back: the baselines, then Hookpost's (when measured). */
export interface ThroughputRound {
  raw: ClosedLoopRun;
  relay: ClosedLoopRun;
  durable: ClosedLoopRun;
  http?: Throughput;
  bus?: Throughput;
}

/** Hookpost's HTTP rate as a share of the relay's in the same round (the relay's alone without it). */
export function httpShare(round: ThroughputRound): number {
  return round.http ? round.http.eventsPerSecond / round.relay.eventsPerSecond : round.relay.eventsPerSecond;
}

/**
 * The round the table reports: the one with the median HTTP-to-relay ratio (the lower middle of an
 * even count), so a round that caught a slow or a fast spell on one side only does not set the headline.
 * Its runs are reported together, so the rates, ratios and CPU in the table belong to one round.
 */
export function reportedRound(rounds: ThroughputRound[]): ThroughputRound {
  const sorted = [...rounds].sort((a, b) => httpShare(a) - httpShare(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
