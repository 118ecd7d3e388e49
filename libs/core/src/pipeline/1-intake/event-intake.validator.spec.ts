import { BadRequestException } from '@nestjs/common';
import { validateEventInput } from './event-intake.validator';

const messages = (body: unknown): string[] => {
  try {
    validateEventInput(body);
  } catch (error) {
    if (error instanceof BadRequestException) return (error.getResponse() as { message: string[] }).message;
    throw error;
  }
  throw new Error('accepted');
};

describe('validateEventInput', () => {
  const target = { event: 'ReportPublished', targetCuid: 'r1' };

  it('accepts text of any length and drops context fields it does not know', () => {
    const long = 'x'.repeat(200_000);
    const input = validateEventInput({
      ...target,
      status: long,
      context: { report: { name: long, extra: 1 }, finding: { description: 'd', cvss: 9 }, tenant: {} },
    });
    expect(input.context).toEqual({ report: { name: long }, finding: { description: 'd' } });
  });

  it('treats null as absent, at every level', () => {
    expect(
      validateEventInput({ ...target, clientId: null, context: { client: { id: null, name: 'A' } } }),
    ).toEqual({ ...target, context: { client: { name: 'A' } } });
  });

  it('cleans NUL and lone surrogates', () => {
    expect(
      validateEventInput({ ...target, context: { client: { name: 'a\0\ud800' } } }).context?.client?.name,
    ).toBe('a\ufffd\ufffd');
  });

  it('names every wrong field in readable words', () => {
    expect(
      messages({
        event: 'Nope',
        extra: 1,
        targetCuid: '',
        clientCuid: 'c'.repeat(65),
        clientId: -1,
        targetCuids: [],
        context: { client: { id: 'x' }, report: { customFields: [{ label: 1 }] } },
      }),
    ).toEqual([
      'property extra should not exist',
      'event must be one of: ReportPublished, ReportStatusChanged, FindingPublished, AssessmentSubmitted, SchedulerEngagementSubmitted',
      'clientCuid must be at most 64 characters long',
      'targetCuid must not be empty',
      'targetCuids must contain at least 1 element',
      `clientId must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
      'context.client.id must be an integer',
      'context.report.customFields[0].label must be a string',
    ]);
    expect(messages({})).toEqual(['event is required']);
    expect(messages([])).toEqual(['body must be a JSON object']);
  });

  it('refuses an event without a target, or with both kinds', () => {
    expect(messages({ event: 'FindingPublished' })).toEqual([
      'targetCuid is required: a FindingPublished event is about a finding (or send targetCuids)',
    ]);
    expect(messages({ ...target, targetCuids: ['a'] })).toEqual([
      'targetCuid and targetCuids are mutually exclusive; send one',
    ]);
  });
});
