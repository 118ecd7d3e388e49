import type {
  Actor,
  Client,
  ExampleUpstreamService,
  Finding,
  Report,
} from '../../server/src/example-upstream/example-upstream.service';

const CLIENTS = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Stark Industries',
  'Wayne Enterprises',
];
const REPORTS = [
  'Q3 External Penetration Test',
  'Web Application Assessment',
  'Cloud Configuration Review',
  'Red Team Exercise',
  'PCI DSS Segmentation Test',
  'Mobile App Security Review',
];
const FINDINGS: [title: string, severity: string][] = [
  ['SQL injection in /api/orders', 'Critical'],
  ['Reflected XSS via <script> in search', 'High'],
  ['Default credentials on Jenkins', 'Critical'],
  ['IDOR on invoice download', 'High'],
  ['Outdated OpenSSL on edge proxy', 'Medium'],
  ['Missing HSTS header', 'Low'],
  ['Verbose stack traces in errors', 'Informational'],
];
const ACTORS = ['Dana Scully', 'Fox Mulder', 'Ada Lovelace', 'Grace Hopper', 'Alan Turing'];
const ASSESSMENTS = ['SOC 2 Readiness Questionnaire', 'Vendor Risk Assessment', 'HIPAA Security Rule Review'];
const ENGAGEMENTS = ['Annual Internal Pentest', 'Phishing Simulation', 'Wireless Assessment'];

/** How the burst is made up; the rest of the events are findings. */
const MIX = { ReportPublished: 0.25, AssessmentSubmitted: 0.15, SchedulerEngagementSubmitted: 0.12 };

export type DemoEvent = () => Promise<unknown>;

/**
 * A realistic burst of upstream activity: reports published, findings (one or several at once),
 * assessments submitted, engagements requested, across a few clients. Seeded, so every run sends
 * the same mix.
 */
export function demoBurst(upstream: ExampleUpstreamService, count: number): DemoEvent[] {
  const random = mulberry32(20261123);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const clients: Client[] = CLIENTS.map((name, index) => ({
    id: index + 1,
    cuid: `client-${index + 1}`,
    name,
  }));
  const actor = (): Actor => {
    const name = pick(ACTORS);
    return { cuid: `user-${name.toLowerCase().replace(/\W+/g, '-')}`, name };
  };
  const report = (id: number): Report => ({
    id,
    cuid: `report-${id}`,
    name: pick(REPORTS),
    status: 'Published',
    url: `https://plextrac.example.com/reports/${id}`,
  });
  const finding = (id: number): Finding => {
    const [title, severity] = pick(FINDINGS);
    return { id, cuid: `finding-${id}`, title, severity, url: `https://plextrac.example.com/findings/${id}` };
  };

  return Array.from({ length: count }, (_, index): DemoEvent => {
    const id = 1000 + index;
    const client = pick(clients);
    const roll = random();
    if (roll < MIX.ReportPublished) return () => upstream.publishReport(actor(), client, report(id));
    if (roll < MIX.ReportPublished + MIX.AssessmentSubmitted) {
      const assessment = { id, cuid: `assessment-${id}`, name: pick(ASSESSMENTS) };
      return () => upstream.submitAssessment(actor(), client, report(id), assessment);
    }
    if (roll < MIX.ReportPublished + MIX.AssessmentSubmitted + MIX.SchedulerEngagementSubmitted) {
      const engagement = { cuid: `engagement-${id}`, name: `${pick(ENGAGEMENTS)} for ${client.name}` };
      return () => upstream.requestEngagement(actor(), client, engagement);
    }
    const findings = Array.from({ length: random() < 0.7 ? 1 : 2 + Math.floor(random() * 3) }, (_, n) =>
      finding(id * 10 + n),
    );
    return () => upstream.publishFindings(actor(), client, report(id), findings);
  });
}

/** Runs the events `parallel` at a time, like several users working at once. */
export async function publish(events: DemoEvent[], parallel: number, onPublished: () => void): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < events.length) {
      await events[next++]();
      onPublished();
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/** A tiny seeded PRNG: reproducible bursts without a dependency. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
