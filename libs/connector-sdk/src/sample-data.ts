/**
 * The fixed people and objects the sample events are about (sample-events.ts). Deterministic on
 * purpose (no clock, no random ids) so a preview or a snapshot is the same every time.
 */

const APP = 'https://plextrac.example.com';

export const ACTOR = { cuid: 'cm1actor0000jane0doe00001', name: 'Jane Doe' };
export const CLIENT = { id: 42, cuid: 'cm1client000acme0corp0001', name: 'Acme Corp' };
export const REPORT = {
  id: 1337,
  cuid: 'cm1report00q30pentest0001',
  name: 'Q3 External Penetration Test',
  status: 'Published',
  url: `${APP}/client/42/report/1337`,
  customFields: [
    { label: 'Engagement Lead', value: 'Sam Rivera' },
    { label: 'Ticket', value: 'SEC-2024-118' },
  ],
};
export const FINDING = {
  id: 9001,
  cuid: 'cm1finding0sqli0login00001',
  title: 'SQL injection in login form',
  severity: 'Critical',
  url: `${APP}/client/42/report/1337/finding/9001`,
};
export const SECOND_FINDING_CUID = 'cm1finding0xss0search00002';
export const ASSESSMENT = {
  id: 77,
  cuid: 'cm1assess00soc2readiness1',
  name: 'SOC 2 Readiness',
  url: `${APP}/client/42/assessment/77`,
};
export const ENGAGEMENT = {
  id: 512,
  cuid: 'cm1engage00webapp2025q100',
  name: 'Web application test, 2025 Q1',
  url: `${APP}/scheduler/engagement/512`,
};
export const SAMPLE_WEBHOOK_CUID = 'cm1webhook0sample00000001';
/** The webhook an operational event is about. */
export const WEBHOOK = {
  cuid: SAMPLE_WEBHOOK_CUID,
  name: 'Security channel',
  consecutiveFailures: 5,
  failingSince: '2025-01-15T14:05:00.000Z',
  lastError: 'Failed to call webhook: HTTP 503',
};
export const FAILED_DELIVERY = {
  cuid: 'cm1delivery0failed0000001',
  event: 'FindingPublished',
  attempts: 6,
  error: 'Failed to call webhook: HTTP 503',
};
