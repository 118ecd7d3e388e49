import { jsonBytes, sampleEvent } from '@hookpost/connector-sdk';
import { renderEverySample, renderHostileSamples } from '@hookpost/connector-sdk/test-kit';
import {
  googleChatConnector,
  MAX_BODY_BYTES,
  MAX_FACT_LENGTH,
  MAX_FALLBACK_LENGTH,
  type GoogleChatMessage,
} from './google-chat.connector';

/** Google's limits on a card message, and text that ends in no half entity. */
function assertWithinLimits(message: GoogleChatMessage): void {
  expect(jsonBytes(message)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  expect(message.fallbackText.length).toBeLessThanOrEqual(MAX_FALLBACK_LENGTH);
  const { sections } = message.cardsV2[0].card;
  expect(sections.flatMap((section) => section.widgets).length).toBeLessThanOrEqual(100);
  for (const section of sections) expect(section.widgets.length).toBeGreaterThan(0);
  const [paragraph, ...widgets] = sections.flatMap((section) => section.widgets);
  expect('textParagraph' in paragraph && paragraph.textParagraph.text.length).toBeGreaterThan(0);
  for (const widget of widgets) {
    if ('decoratedText' in widget)
      expect(widget.decoratedText.text.length).toBeLessThanOrEqual(MAX_FACT_LENGTH);
  }
  expect(JSON.stringify(message)).not.toMatch(/&[a-z]*…/);
}

describe('googleChatConnector', () => {
  it('sends the exact card message for a finding', () => {
    const fact = (topLabel: string, text: string) => ({ decoratedText: { topLabel, text, wrapText: true } });
    expect(
      googleChatConnector.render('<b>Finding published</b>: Acme Corp', sampleEvent('FindingPublished')),
    ).toEqual({
      body: {
        fallbackText: 'Finding published: SQL injection in login form',
        cardsV2: [
          {
            cardId: 'hookpost',
            card: {
              header: { title: 'Finding published' },
              sections: [
                { widgets: [{ textParagraph: { text: '<b>Finding published</b>: Acme Corp' } }] },
                {
                  widgets: [
                    fact('Client', 'Acme Corp'),
                    fact('Report', 'Q3 External Penetration Test'),
                    fact('Status', 'Published'),
                    fact('Finding', 'SQL injection in login form'),
                    fact('Severity', 'Critical'),
                    fact('By', 'Jane Doe'),
                  ],
                },
                {
                  widgets: [
                    {
                      buttonList: {
                        buttons: [
                          {
                            text: 'View details',
                            onClick: {
                              openLink: {
                                url: 'https://plextrac.example.com/client/42/report/1337/finding/9001',
                              },
                            },
                          },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    });
  });

  it('renders every catalog event and the test event within the limits, a button only with a link', () => {
    for (const { event, request } of renderEverySample(googleChatConnector)) {
      const message = request.body as GoogleChatMessage;
      assertWithinLimits(message);
      expect(message.cardsV2[0].card.header.title).toBe(event.eventName);
    }
    const test = googleChatConnector.render('hi', sampleEvent('WebhookTest')).body as GoogleChatMessage;
    expect(test.cardsV2[0].card.sections.flatMap((section) => section.widgets)).not.toContainEqual(
      expect.objectContaining({ buttonList: expect.anything() }),
    );
  });

  it('escapes HTML in values', () => {
    expect(googleChatConnector.escape('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
  });

  it('keeps every hostile value inert in all it builds, within the limits', () => {
    // Card text parses HTML tags; the fallback text is plain.
    const rule = { markup: /<[^<>]*>/, plainText: /^body\.fallbackText$/ };
    for (const { request } of renderHostileSamples(googleChatConnector, rule))
      assertWithinLimits(request.body as GoogleChatMessage);
  });

  it('trims a huge message to fill, not overflow, 32,000 bytes', () => {
    const [{ bytes }] = renderEverySample(googleChatConnector, 'x'.repeat(100_000), [
      sampleEvent('ReportPublished'),
    ]);
    expect(bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(bytes).toBeGreaterThan(MAX_BODY_BYTES - 8);
  });

  it("fails for good on Google's permanent errors, retries the rest", () => {
    const answer = (statusCode: number, status?: string) =>
      googleChatConnector.classify({
        statusCode,
        headers: {},
        body: status ? JSON.stringify({ error: { code: statusCode, message: 'Nope.', status } }) : '',
      });
    expect(answer(200)).toEqual({ outcome: 'success' });
    expect(answer(400, 'INVALID_ARGUMENT')).toEqual({
      outcome: 'permanent',
      reason: 'INVALID_ARGUMENT: Nope.',
    });
    expect(answer(401, 'UNAUTHENTICATED').outcome).toBe('permanent');
    expect(answer(403, 'PERMISSION_DENIED').outcome).toBe('permanent');
    expect(answer(404, 'NOT_FOUND').outcome).toBe('permanent');
    expect(answer(429, 'RESOURCE_EXHAUSTED')).toEqual({ outcome: 'retry', reason: 'HTTP 429' });
    expect(answer(503, 'UNAVAILABLE').outcome).toBe('retry');
    expect(answer(502).outcome).toBe('retry');
  });

  it('recognises Google Chat webhook URLs', () => {
    const { urlPattern } = googleChatConnector;
    expect(urlPattern.test('https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=k&token=t')).toBe(
      true,
    );
    expect(urlPattern.test('https://chat.googleapis.com.evil.example/v1/spaces/A/messages?key=k')).toBe(
      false,
    );
  });
});
