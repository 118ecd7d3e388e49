import { sampleEvent } from '@hookpost/connector-sdk';
import { renderEverySample, renderHostileSamples, unescapedMarkdown } from '@hookpost/connector-sdk/test-kit';
import { DISCORD_LIMITS, discordConnector, type DiscordMessage } from './discord.connector';

const escape = (value: string) => discordConnector.escape(value);

function assertWithinLimits(message: DiscordMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect(message.embeds).toHaveLength(1);
  const [embed] = message.embeds;
  expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
  expect(embed.description.length).toBeGreaterThan(0);
  expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
  for (const field of embed.fields) {
    expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
    expect(field.value.length).toBeGreaterThan(0);
    expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  }
  const total = embed.fields.reduce((n, f) => n + f.name.length + f.value.length, embed.title.length);
  expect(total + embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
}

describe('discordConnector', () => {
  it('sends the exact embed message for a finding', () => {
    expect(
      discordConnector.render('**Finding published**: Acme Corp', sampleEvent('FindingPublished')),
    ).toEqual({
      body: {
        embeds: [
          {
            title: 'Finding published: SQL injection in login form',
            description: '**Finding published**: Acme Corp',
            url: 'https://plextrac.example.com/client/42/report/1337/finding/9001',
            fields: [
              { name: 'Client', value: 'Acme Corp', inline: true },
              { name: 'Report', value: 'Q3 External Penetration Test', inline: true },
              { name: 'Status', value: 'Published', inline: true },
              { name: 'Finding', value: 'SQL injection in login form', inline: true },
              { name: 'Severity', value: 'Critical', inline: true },
              { name: 'By', value: 'Jane Doe', inline: true },
            ],
            timestamp: '2025-01-15T14:30:00.000Z',
          },
        ],
        allowed_mentions: { parse: [] },
      },
    });
  });

  it('renders every catalog event and the test event within embed limits', () => {
    for (const { request } of renderEverySample(discordConnector))
      assertWithinLimits(request.body as DiscordMessage);
  });

  it('escapes Markdown, mentions and masked links in values', () => {
    expect(escape('@everyone <@123> [x](http://evil) **b** ||s||')).toBe(
      '\\@everyone \\<\\@123\\> \\[x\\]\\(http://evil\\) \\*\\*b\\*\\* \\|\\|s\\|\\|',
    );
    expect(escape('- item\n1. first')).toBe('\\- item\n1\\. first');
  });

  it('keeps every hostile value inert in all it builds, within embed limits', () => {
    const rule = { markup: unescapedMarkdown('`*_~|>#[]()<@') };
    for (const { request } of renderHostileSamples(discordConnector, rule))
      assertWithinLimits(request.body as DiscordMessage);
  });

  it('treats a deleted webhook or a refused body as permanent, otherwise succeeds on 2xx', () => {
    const answer = (statusCode: number, body = '') =>
      discordConnector.classify({ statusCode, headers: {}, body });
    expect(answer(204)).toEqual({ outcome: 'success' });
    expect(answer(404, '{"message": "Unknown Webhook", "code": 10015}')).toEqual({
      outcome: 'permanent',
      reason: 'HTTP 404 Unknown Webhook',
    });
    expect(answer(400, 'not json')).toEqual({ outcome: 'permanent', reason: 'HTTP 400' });
    expect(answer(429).outcome).toBe('retry');
    expect(answer(502).outcome).toBe('retry');
  });
});
