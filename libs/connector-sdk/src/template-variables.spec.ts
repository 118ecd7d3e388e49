import { sampleEvent } from './sample-events';
import { isKnownVariable, VARIABLE_NAMES, variableNamesFor, variablesFor } from './template-variables';

const finding = sampleEvent('FindingPublished');

describe('variablesFor', () => {
  it('gives every §6 variable as text, missing ones empty', () => {
    expect({ ...variablesFor(finding) }).toEqual({
      CLIENT_NAME: 'Acme Corp',
      CLIENT_ID: '42',
      CLIENT_CUID: 'cm1client000acme0corp0001',
      REPORT_NAME: 'Q3 External Penetration Test',
      REPORT_ID: '1337',
      REPORT_CUID: 'cm1report00q30pentest0001',
      REPORT_STATUS: 'Published',
      REPORT_URL: 'https://plextrac.example.com/client/42/report/1337',
      FINDING_TITLE: 'SQL injection in login form',
      FINDING_SEVERITY: 'Critical',
      FINDING_ID: '9001',
      FINDING_URL: 'https://plextrac.example.com/client/42/report/1337/finding/9001',
      ASSESSMENT_NAME: '',
      ASSESSMENT_ID: '',
      ENGAGEMENT_NAME: '',
      WEBHOOK_NAME: '',
      WEBHOOK_CUID: '',
      WEBHOOK_CONSECUTIVE_FAILURES: '',
      WEBHOOK_FAILING_SINCE: '',
      WEBHOOK_LAST_ERROR: '',
      WEBHOOK_DISABLED_REASON: '',
      DELIVERY_CUID: '',
      DELIVERY_EVENT: '',
      DELIVERY_ATTEMPTS: '',
      DELIVERY_ERROR: '',
      ACTOR_NAME: 'Jane Doe',
      ACTOR_CUID: 'cm1actor0000jane0doe00001',
      EVENT: 'FindingPublished',
      EVENT_NAME: 'Finding published',
      OCCURRED_AT: '2025-01-15T14:30:00.000Z',
      'REPORT_CUSTOM_FIELD_Engagement Lead': 'Sam Rivera',
      REPORT_CUSTOM_FIELD_Ticket: 'SEC-2024-118',
    });
  });

  it('falls back to payload ids when the context lacks them', () => {
    const vars = variablesFor(sampleEvent('AssessmentSubmitted', { context: { assessment: { name: 'A' } } }));
    expect(vars.ASSESSMENT_ID).toBe('77');
  });
});

describe('the variable names', () => {
  it("are the fixed names of DESIGN §6, and those of the operational events' sections (§12)", () => {
    expect([...VARIABLE_NAMES].sort()).toEqual(
      [
        'CLIENT_NAME',
        'CLIENT_ID',
        'CLIENT_CUID',
        'REPORT_NAME',
        'REPORT_ID',
        'REPORT_CUID',
        'REPORT_STATUS',
        'REPORT_URL',
        'FINDING_TITLE',
        'FINDING_SEVERITY',
        'FINDING_ID',
        'FINDING_URL',
        'ASSESSMENT_NAME',
        'ASSESSMENT_ID',
        'ENGAGEMENT_NAME',
        'ACTOR_NAME',
        'ACTOR_CUID',
        'EVENT',
        'EVENT_NAME',
        'OCCURRED_AT',
        'WEBHOOK_NAME',
        'WEBHOOK_CUID',
        'WEBHOOK_CONSECUTIVE_FAILURES',
        'WEBHOOK_FAILING_SINCE',
        'WEBHOOK_LAST_ERROR',
        'WEBHOOK_DISABLED_REASON',
        'DELIVERY_CUID',
        'DELIVERY_EVENT',
        'DELIVERY_ATTEMPTS',
        'DELIVERY_ERROR',
      ].sort(),
    );
  });

  it('knows the fixed names and any custom field label, nothing else', () => {
    expect(isKnownVariable('CLIENT_NAME')).toBe(true);
    expect(isKnownVariable('REPORT_CUSTOM_FIELD_Ticket')).toBe(true);
    expect(isKnownVariable('REPORT_CUSTOM_FIELD_')).toBe(false);
    expect(isKnownVariable('CLIENT_SECRET')).toBe(false);
  });

  it("lists a set of sections' variables in section order, the event's own last", () => {
    expect(variableNamesFor(['actor', 'engagement', 'client'])).toEqual([
      'CLIENT_NAME',
      'CLIENT_ID',
      'CLIENT_CUID',
      'ENGAGEMENT_NAME',
      'ACTOR_NAME',
      'ACTOR_CUID',
      'EVENT',
      'EVENT_NAME',
      'OCCURRED_AT',
    ]);
    expect(variableNamesFor(['report'])).toContain('REPORT_CUSTOM_FIELD_<label>');
  });
});
