import { headlineFor, keyFacts, linkFor } from './event-facts';
import { sampleEvent, sampleManyFindingsEvent } from './sample-events';

describe('linkFor', () => {
  it("prefers the target's own page and falls back to the report", () => {
    expect(linkFor(sampleEvent('FindingPublished'))).toBe(
      'https://plextrac.example.com/client/42/report/1337/finding/9001',
    );
    expect(linkFor(sampleEvent('AssessmentSubmitted'))).toBe(
      'https://plextrac.example.com/client/42/assessment/77',
    );
    expect(linkFor(sampleManyFindingsEvent())).toBe('https://plextrac.example.com/client/42/report/1337');
    expect(linkFor(sampleEvent('WebhookTest'))).toBeUndefined();
  });

  it('only gives well-formed http(s) links', () => {
    for (const url of ['javascript:alert(1)', 'not a url', `https://x.example/${'a'.repeat(3000)}`]) {
      expect(linkFor(sampleEvent('ReportPublished', { context: { report: { url } } }))).toBeUndefined();
    }
  });
});

describe('headlineFor', () => {
  it('names the event and its subject', () => {
    expect(headlineFor(sampleEvent('ReportPublished'))).toBe(
      'Report published: Q3 External Penetration Test',
    );
    expect(headlineFor(sampleManyFindingsEvent())).toBe('Finding published: 2 findings');
    expect(headlineFor(sampleEvent('SchedulerEngagementSubmitted'))).toBe(
      'Engagement requested: Web application test, 2025 Q1',
    );
    expect(headlineFor(sampleEvent('WebhookTest'))).toBe('Webhook test');
  });
});

describe('keyFacts', () => {
  it('lists the known facts in a stable order and skips empty ones', () => {
    expect(keyFacts(sampleEvent('ReportStatusChanged'))).toEqual([
      { title: 'Client', value: 'Acme Corp' },
      { title: 'Report', value: 'Q3 External Penetration Test' },
      { title: 'Status', value: 'In Review' },
      { title: 'By', value: 'Jane Doe' },
    ]);
    expect(keyFacts(sampleManyFindingsEvent())).toContainEqual({ title: 'Findings', value: '2' });
  });
});
