import { jsonBytes, sampleEvent } from '@hookpost/connector-sdk';
import { renderEverySample, renderHostileSamples, unescapedMarkdown } from '@hookpost/connector-sdk/test-kit';
import { teamsConnector, type TeamsMessage } from './teams.connector';

// The package's `main` is an ES module build Node cannot load; its UMD bundle runs in Node with no DOM.
const AC = jest.requireActual<typeof import('adaptivecards')>('adaptivecards/dist/adaptivecards.js');

const escape = (value: string) => teamsConnector.escape(value);

/** Parses the card with Microsoft's own SDK; returns every parse or validation complaint. */
function cardProblems(message: TeamsMessage): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(message.attachments[0].content, context);
  const problems = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  return [...problems, ...card.validateProperties().validationEvents.map((e) => e.message)];
}

function assertValidMessage(message: TeamsMessage): void {
  expect(message.type).toBe('message');
  expect(message.attachments).toHaveLength(1);
  expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardProblems(message)).toEqual([]);
  expect(jsonBytes(message)).toBeLessThanOrEqual(teamsConnector.limits.maxBodyBytes);
}

describe('teamsConnector', () => {
  it('sends the exact Adaptive Card message for a finding', () => {
    expect(
      teamsConnector.render('**Finding published**: Acme Corp', sampleEvent('FindingPublished')),
    ).toEqual({
      body: {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              type: 'AdaptiveCard',
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              version: '1.4',
              body: [
                {
                  type: 'TextBlock',
                  text: 'Finding published: SQL injection in login form',
                  wrap: true,
                  size: 'Medium',
                  weight: 'Bolder',
                },
                { type: 'TextBlock', text: '**Finding published**: Acme Corp', wrap: true },
                {
                  type: 'FactSet',
                  facts: [
                    { title: 'Client', value: 'Acme Corp' },
                    { title: 'Report', value: 'Q3 External Penetration Test' },
                    { title: 'Status', value: 'Published' },
                    { title: 'Finding', value: 'SQL injection in login form' },
                    { title: 'Severity', value: 'Critical' },
                    { title: 'By', value: 'Jane Doe' },
                  ],
                },
              ],
              actions: [
                {
                  type: 'Action.OpenUrl',
                  title: 'View details',
                  url: 'https://plextrac.example.com/client/42/report/1337/finding/9001',
                },
              ],
            },
          },
        ],
      },
    });
  });

  it('renders every catalog event and the test event as a card the adaptivecards SDK accepts', () => {
    for (const { request } of renderEverySample(teamsConnector))
      assertValidMessage(request.body as TeamsMessage);
  });

  it('catches a card the SDK would refuse (the check is real)', () => {
    const message = teamsConnector.render('x', sampleEvent('ReportPublished')).body as TeamsMessage;
    message.attachments[0].content.actions = [{ type: 'Action.OpenUrl', title: 'x' } as never];
    expect(cardProblems(message)).not.toEqual([]);
  });

  it('escapes Markdown so a value cannot add links or styling', () => {
    expect(escape('[click](http://evil) **x** _y_ # h')).toBe(
      '\\[click\\]\\(http://evil\\) \\*\\*x\\*\\* \\_y\\_ \\# h',
    );
    expect(escape('- item\n1. first')).toBe('\\- item\n1\\. first');
  });

  it('keeps every hostile value inert in all it builds, in a valid card within 28 KB', () => {
    const rule = { markup: unescapedMarkdown('`*_~[]()#>!|') };
    for (const { request } of renderHostileSamples(teamsConnector, rule))
      assertValidMessage(request.body as TeamsMessage);
  });

  it('trims a huge message to fill, not overflow, the 28 KB limit', () => {
    const [{ bytes }] = renderEverySample(teamsConnector, 'x'.repeat(100_000), [
      sampleEvent('ReportPublished'),
    ]);
    expect(bytes).toBeLessThanOrEqual(28_000);
    expect(bytes).toBeGreaterThan(27_900);
  });

  it('succeeds on 200 or 202 only', () => {
    const answer = (statusCode: number) =>
      teamsConnector.classify({ statusCode, headers: {}, body: '' }).outcome;
    expect([200, 202, 204, 400, 429, 500].map(answer)).toEqual([
      'success',
      'success',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });

  it('recognises Workflows URLs', () => {
    const pattern = teamsConnector.urlPattern;
    expect(
      pattern.test(
        'https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x',
      ),
    ).toBe(true);
    expect(
      pattern.test(
        'https://default1234.56.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/x',
      ),
    ).toBe(true);
    expect(pattern.test('https://logic.azure.com.evil.example/workflows/x')).toBe(false);
  });
});
