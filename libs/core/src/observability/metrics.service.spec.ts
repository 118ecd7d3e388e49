import { MetricsService, QUEUE_STATES } from './metrics.service';

type Counts = Record<(typeof QUEUE_STATES)[number], number>;

function serviceWith(getJobCounts: () => Promise<Record<string, number>>): MetricsService {
  const metrics = new MetricsService();
  metrics.registerQueueGauge(getJobCounts as () => Promise<Counts>);
  return metrics;
}

const counts = { waiting: 3, active: 2, completed: 0, failed: 1, delayed: 4, paused: 0 };

/** The value of one sample line, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MetricsService', () => {
  it('counts attempts, and settles deliveries only on success or final failure', async () => {
    const metrics = serviceWith(async () => counts);
    metrics.recordAttempt('slack', 'ReportPublished', 'retry', 120);
    metrics.recordAttempt('slack', 'ReportPublished', 'succeeded', 80);
    metrics.recordAttempt('http', 'FindingPublished', 'failed', 5000);
    metrics.recordCancelled('teams', 'AssessmentSubmitted');
    metrics.recordEvent('ReportPublished');
    metrics.recordEvent('ReportPublished');

    const text = await metrics.scrape();
    const slack = 'connector="slack",event="ReportPublished"';
    expect(sample(text, `hookpost_delivery_attempts_total{${slack},outcome="retry"}`)).toBe(1);
    expect(sample(text, `hookpost_delivery_attempts_total{${slack},outcome="succeeded"}`)).toBe(1);
    expect(sample(text, `hookpost_deliveries_total{${slack},outcome="succeeded"}`)).toBe(1);
    expect(sample(text, `hookpost_deliveries_total{${slack},outcome="retry"}`)).toBeUndefined();
    expect(
      sample(text, 'hookpost_deliveries_total{connector="http",event="FindingPublished",outcome="failed"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'hookpost_deliveries_total{connector="teams",event="AssessmentSubmitted",outcome="cancelled"}',
      ),
    ).toBe(1);
    expect(sample(text, 'hookpost_events_total{event="ReportPublished"}')).toBe(2);
  });

  it('observes durations in seconds', async () => {
    const metrics = serviceWith(async () => counts);
    metrics.recordAttempt('http', 'ReportPublished', 'succeeded', 80);
    metrics.recordAttempt('http', 'ReportPublished', 'succeeded', 700);
    const text = await metrics.scrape();
    const series = 'hookpost_attempt_duration_seconds';
    expect(sample(text, `${series}_sum{connector="http",outcome="succeeded"}`)).toBeCloseTo(0.78);
    expect(sample(text, `${series}_bucket{le="0.1",connector="http",outcome="succeeded"}`)).toBe(1);
    expect(sample(text, `${series}_bucket{le="1",connector="http",outcome="succeeded"}`)).toBe(2);
  });

  it('reads the queue depth at scrape time', async () => {
    let current = counts;
    const metrics = serviceWith(async () => current);
    expect(sample(await metrics.scrape(), 'hookpost_queue_jobs{state="delayed"}')).toBe(4);
    current = { ...counts, delayed: 9 };
    const text = await metrics.scrape();
    expect(sample(text, 'hookpost_queue_jobs{state="delayed"}')).toBe(9);
    expect(sample(text, 'hookpost_queue_jobs{state="waiting"}')).toBe(3);
    expect(sample(text, 'hookpost_queue_jobs{state="completed"}')).toBeUndefined();
  });

  it('still answers when Redis does not, without queue samples', async () => {
    const metrics = serviceWith(() => Promise.reject(new Error('Connection is closed.')));
    const text = await metrics.scrape();
    expect(text).not.toMatch(/^hookpost_queue_jobs\{/m);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('keeps each instance to its own registry', async () => {
    const first = serviceWith(async () => counts);
    const second = serviceWith(async () => counts);
    first.recordEvent('ReportPublished');
    expect(sample(await second.scrape(), 'hookpost_events_total{event="ReportPublished"}')).toBeUndefined();
  });
});
