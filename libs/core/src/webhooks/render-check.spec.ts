import { BadRequestException } from '@nestjs/common';
import { defineConnector, EVENT_TYPES, sampleEvent } from '@hookpost/connector-sdk';
import { nestedEach } from '../templating/budget-templates.fixture';
import { assertRenders, renderOrRefuse, renderRefusals } from './render-check';

const plain = defineConnector({
  type: 'plain',
  displayName: 'Plain',
  description: 'The message as the body',
  urlHint: 'https://example.com',
  defaultMessage: '%EVENT_NAME%: %REPORT_NAME%',
  render: (message) => ({ body: { text: message } }),
});
const nested = nestedEach(3, '{{value}}');

describe('renderRefusals', () => {
  it('accepts a message every largest sample renders with', () => {
    expect(renderRefusals(plain, plain.defaultMessage, EVENT_TYPES)).toEqual([]);
    expect(
      renderRefusals(plain, '{{#each report.customFields}}{{label}}={{value}}\n{{/each}}', EVENT_TYPES),
    ).toEqual([]);
  });

  it('names each event whose largest sample passes the budget, and the limit passed', () => {
    expect(
      renderRefusals(plain, nested, ['ReportPublished', 'SchedulerEngagementSubmitted', 'FindingPublished']),
    ).toEqual([
      'message exceeds the render budget for ReportPublished: more than 2097152 characters of text',
      // an engagement event carries no report, so there is nothing to loop over
      'message exceeds the render budget for FindingPublished: more than 2097152 characters of text',
    ]);
    // The clock held still: on a loaded machine the 50 ms backstop could otherwise trip first.
    jest.useFakeTimers();
    try {
      expect(renderRefusals(plain, nestedEach(3, ''), ['ReportPublished'])).toEqual([
        'message exceeds the render budget for ReportPublished: more than 10000 loop iterations',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('names where a template breaks, and a connector that cannot render', () => {
    expect(renderRefusals(plain, 'ok\n{{@root}}', ['ReportPublished'])).toEqual([
      'message cannot be rendered for ReportPublished: Line 2, column 3: "@root" cannot be used in a ' +
        'template; of @ data only @index, @key, @first and @last exist',
    ]);
    const broken = {
      ...plain,
      render: () => {
        throw new Error('no room for the title');
      },
    };
    expect(renderRefusals(broken, 'x', ['AssessmentSubmitted'])).toEqual([
      'message cannot be rendered for AssessmentSubmitted: no room for the title',
    ]);
  });
});

describe('assertRenders and renderOrRefuse', () => {
  it('answer 400 with the refusals as the message array', () => {
    expect.assertions(2);
    try {
      assertRenders(plain, nested, ['ReportStatusChanged']);
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as BadRequestException).getResponse()).toMatchObject({
        statusCode: 400,
        message: [
          'message exceeds the render budget for ReportStatusChanged: more than 2097152 characters of text',
        ],
      });
    }
  });

  it('renders a sample, or answers 400 naming the event', () => {
    const event = sampleEvent('ReportPublished');
    expect(renderOrRefuse(plain, plain.defaultMessage, event).body).toBe(
      '{"text":"Report published: Q3 External Penetration Test"}',
    );
    expect(() => renderOrRefuse(plain, '{{@hookpost.escape}}', event)).toThrow(BadRequestException);
    expect(() => assertRenders(plain, plain.defaultMessage, EVENT_TYPES)).not.toThrow();
  });
});
