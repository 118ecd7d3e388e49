import {
  classifyByStatus,
  defineConnector,
  headlineFor,
  keyFacts,
  linkFor,
  truncate,
  type Classification,
  type ConnectorResponse,
  type HookpostEvent,
} from '@hookpost/connector-sdk';

/** Embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Sum of title, description, field names and values in one embed. */
  embedTotal: 6000,
} as const;

/** Facts are short labels; this cap keeps hostile values from crowding the message out of the 6000 total. */
const MAX_FACT_LENGTH = 200;

interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  fields: { name: string; value: string; inline: true }[];
  timestamp?: string;
}

export interface DiscordMessage {
  embeds: [DiscordEmbed];
  /** Empty `parse` list: no `@everyone`, role or user in any value can ping anyone. */
  allowed_mentions: { parse: [] };
}

export const discordConnector = defineConnector({
  type: 'discord',
  displayName: 'Discord',
  description: 'Discord channel webhook with an embed: title, message, key facts and a link.',
  urlHint: 'https://discord.com/api/webhooks/…',
  urlPattern: /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\//,
  secretUrl: true,
  defaultMessage: '**%EVENT_NAME%**: %CLIENT_NAME% — %REPORT_NAME%',
  escape: escapeDiscordMarkdown,

  render(message: string, event: HookpostEvent) {
    return { body: discordMessage(message, event) };
  },

  /** Discord answers 204; a 400/401/403/404 (bad body, deleted webhook) will not change on resend. */
  classify(response: ConnectorResponse): Classification {
    if ([400, 401, 403, 404].includes(response.statusCode)) {
      return {
        outcome: 'permanent',
        reason: `HTTP ${response.statusCode} ${discordError(response.body)}`.trim(),
      };
    }
    return classifyByStatus(response);
  },
});

/**
 * Backslash before Discord's markdown marks (bold, italic, strike, spoiler, code, quote, heading,
 * masked links) and before `<`/`@`, so mentions and `<t:…>` tokens show as text instead of pills;
 * list markers (`-`, `+`, `1.`) only open a list at the start of a line, so they are escaped there.
 */
function escapeDiscordMarkdown(value: string): string {
  return value
    .replace(/[\\`*_~|>#[\]()<@]/g, '\\$&')
    .replace(/^(\s*)([-+])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

function discordMessage(message: string, event: HookpostEvent): DiscordMessage {
  const title = truncate(escapeDiscordMarkdown(headlineFor(event)), DISCORD_LIMITS.title);
  const fields = keyFacts(event)
    .slice(0, DISCORD_LIMITS.fields)
    .map((fact) => ({
      name: truncate(escapeDiscordMarkdown(fact.title), DISCORD_LIMITS.fieldName),
      value: truncate(escapeDiscordMarkdown(fact.value), MAX_FACT_LENGTH),
      inline: true as const,
    }));
  const used = fields.reduce((n, f) => n + f.name.length + f.value.length, title.length);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - used);
  const timestamp = Date.parse(event.occurredAt);
  return {
    embeds: [
      {
        title,
        description: truncate(message.trim() || title, room),
        url: linkFor(event),
        fields,
        // Discord refuses a malformed timestamp, so only a parseable one is sent.
        timestamp: Number.isNaN(timestamp) ? undefined : new Date(timestamp).toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** Discord errors are JSON `{ message, code }`; the message is the useful part of a log line. */
function discordError(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed && 'message' in parsed ? String(parsed.message) : '';
  } catch {
    return '';
  }
}
