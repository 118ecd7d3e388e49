import { sampleEvent } from '@hookpost/connector-sdk';
import { renderEverySample, renderHostileSamples } from '@hookpost/connector-sdk/test-kit';
import { SLACK_LIMITS, slackConnector } from './slack.connector';
import type { SectionBlock, SlackBlock, SlackMessage } from './slack-message.types';

const escape = (value: string) => slackConnector.escape(value);
const ofType = <T extends SlackBlock['type']>(message: SlackMessage, type: T) =>
  message.blocks.filter((b): b is Extract<SlackBlock, { type: T }> => b.type === type);

/** Every block within Block Kit's limits; returns all mrkdwn text for content checks. */
function assertWithinLimits(message: SlackMessage): string[] {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  for (const header of ofType(message, 'header')) {
    expect(header.text.type).toBe('plain_text');
    expect(header.text.text.length).toBeGreaterThan(0);
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  }
  const sections: SectionBlock[] = ofType(message, 'section');
  for (const section of sections) {
    if (section.text) expect(section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (section.text) expect(section.text.text.length).toBeGreaterThan(0);
    expect(section.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    for (const field of section.fields ?? [])
      expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
  }
  for (const actions of ofType(message, 'actions')) {
    for (const button of actions.elements)
      expect((button as { url: string }).url.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonUrl);
  }
  return [
    message.text,
    ...sections.flatMap((s) => [
      s.text?.text ?? '',
      ...(s.fields ?? []).map((f: { text: string }) => f.text),
    ]),
    ...ofType(message, 'context').flatMap((c) => c.elements.map((e) => (e as { text: string }).text)),
  ];
}

describe('slackConnector', () => {
  it('sends the exact Block Kit message for a finding', () => {
    const message = '*Finding published*: Acme Corp — Q3 External Penetration Test';
    expect(slackConnector.render(message, sampleEvent('FindingPublished'))).toEqual({
      body: {
        text: message,
        blocks: [
          {
            type: 'header',
            text: { type: 'plain_text', text: 'Finding published: SQL injection in login form' },
          },
          { type: 'section', text: { type: 'mrkdwn', text: message } },
          {
            type: 'section',
            fields: [
              { type: 'mrkdwn', text: '*Client*\nAcme Corp' },
              { type: 'mrkdwn', text: '*Report*\nQ3 External Penetration Test' },
              { type: 'mrkdwn', text: '*Status*\nPublished' },
              { type: 'mrkdwn', text: '*Finding*\nSQL injection in login form' },
              { type: 'mrkdwn', text: '*Severity*\nCritical' },
              { type: 'mrkdwn', text: '*By*\nJane Doe' },
            ],
          },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: 'Finding published · <!date^1736951400^{date_short_pretty} at {time}|2025-01-15T14:30:00.000Z>',
              },
            ],
          },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                text: { type: 'plain_text', text: 'View details' },
                url: 'https://plextrac.example.com/client/42/report/1337/finding/9001',
              },
            ],
          },
        ],
      },
    });
  });

  it('renders every catalog event and the test event within Block Kit limits', () => {
    for (const { event, request } of renderEverySample(slackConnector)) {
      const message = request.body as SlackMessage;
      assertWithinLimits(message);
      expect(ofType(message, 'header')[0].text.text).toContain(event.eventName);
    }
  });

  it('omits the button when no URL is known', () => {
    const message = slackConnector.render('hi', sampleEvent('WebhookTest')).body as SlackMessage;
    expect(ofType(message, 'actions')).toEqual([]);
  });

  it('escapes &, < and > so values cannot mention or link', () => {
    expect(escape('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });

  it('keeps every hostile value inert in all it builds, within Block Kit limits', () => {
    // mrkdwn parses `<…>` (mentions, links, dates) and entities; the header and button labels are plain_text.
    const rule = {
      markup: /<[^<>]*>|&(?!amp;|lt;|gt;)/,
      plainText: /^body\.blocks\[0\]\.text\.text$|\.elements\[\d+\]\.text\.text$/,
    };
    for (const { request } of renderHostileSamples(slackConnector, rule)) {
      const texts = assertWithinLimits(request.body as SlackMessage).join('\n');
      expect(texts).not.toMatch(/&[a-z]*…/); // no entity cut in half by a trim
    }
  });

  it('judges Slack answers by body as well as status', () => {
    const answer = (statusCode: number, body: string) =>
      slackConnector.classify({ statusCode, headers: {}, body });
    expect(answer(200, 'ok')).toEqual({ outcome: 'success' });
    expect(answer(200, '<html>proxy</html>').outcome).toBe('retry');
    expect(answer(429, 'rate_limited').outcome).toBe('retry');
    for (const error of [
      'invalid_payload',
      'channel_not_found',
      'channel_is_archived',
      'action_prohibited',
    ]) {
      expect(answer(error === 'invalid_payload' ? 400 : 403, error)).toEqual({
        outcome: 'permanent',
        reason: error,
      });
    }
    expect(answer(404, 'no_service')).toEqual({ outcome: 'permanent', reason: 'no_service' });
    expect(answer(410, '')).toEqual({ outcome: 'permanent', reason: 'HTTP 410' });
    expect(answer(500, 'rollup_error')).toEqual({ outcome: 'retry', reason: 'rollup_error' });
    expect(answer(503, '')).toEqual({ outcome: 'retry', reason: 'HTTP 503' });
  });

  it('recognises Slack webhook URLs', () => {
    expect(slackConnector.urlPattern.test('https://hooks.slack.com/services/T000/B000/XXXX')).toBe(true);
    expect(slackConnector.urlPattern.test('https://hooks.slack.com.evil.example/services/x')).toBe(false);
  });
});
