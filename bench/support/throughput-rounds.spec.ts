import type { Throughput } from '../scenarios/throughput';
import type { ClosedLoopRun } from './closed-loop';
import { httpShare, reportedRound, roundLabel, type ThroughputRound } from './throughput-rounds';

const run = (eventsPerSecond: number) => ({ eventsPerSecond }) as ClosedLoopRun;
const hookpost = (eventsPerSecond: number, intake: 'http' | 'bus') =>
  ({ eventsPerSecond, intake }) as Throughput;
const round = (relay: number, http?: number): ThroughputRound => ({
  raw: run(relay * 2),
  relay: run(relay),
  durable: run(relay / 2),
  http: http === undefined ? undefined : hookpost(http, 'http'),
  bus: http === undefined ? undefined : hookpost(http, 'bus'),
});

describe('throughput rounds', () => {
  it('names rounds only when there are several', () => {
    expect(roundLabel(1, 1)).toEqual({ of: '', suffix: '' });
    expect(roundLabel(2, 3)).toEqual({ of: ' (round 2 of 3)', suffix: '-r2' });
  });

  it("reports the round whose HTTP share of the relay's rate is the median", () => {
    const rounds = [round(3000, 1200), round(6000, 1500), round(5000, 1600)];
    expect(rounds.map(httpShare)).toEqual([0.4, 0.25, 0.32]);
    expect(reportedRound(rounds)).toBe(rounds[2]);
  });

  it('takes the lower middle of an even count, and the only round of one', () => {
    const rounds = [round(4000, 2000), round(4000, 1000), round(4000, 1600), round(4000, 1200)];
    expect(reportedRound(rounds)).toBe(rounds[3]);
    expect(reportedRound([rounds[0]])).toBe(rounds[0]);
  });

  it("orders baseline-only rounds by the relay's rate", () => {
    const rounds = [round(5000), round(3000), round(4000)];
    expect(reportedRound(rounds)).toBe(rounds[2]);
  });
});
