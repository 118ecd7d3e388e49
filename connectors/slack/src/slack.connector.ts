import {
  defineConnector,
  headlineFor,
  keyFacts,
  linkFor,
  truncate,
  type Classification,
  type ConnectorResponse,
  type HookpostEvent,
} from '@hookpost/connector-sdk';
import type { SlackBlock, SlackMessage } from './slack-message.types';

/** Block Kit limits (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  buttonUrl: 3000,
  blocks: 50,
} as const;

/**
 * Slack answers these on a payload or channel problem that resending the same bytes cannot fix.
 * The first four are DESIGN §7's; the rest mean the webhook itself is gone or disabled.
 */
const PERMANENT_ERRORS = new Set([
  'invalid_payload',
  'channel_not_found',
  'channel_is_archived',
  'action_prohibited',
  'invalid_blocks',
  'invalid_blocks_format',
  'no_text',
  'no_service',
  'no_service_id',
  'invalid_token',
  'no_team',
  'team_disabled',
  'posting_to_general_channel_denied',
]);

export const slackConnector = defineConnector({
  type: 'slack',
  displayName: 'Slack',
  description: 'Slack Incoming Webhook message with Block Kit: title, message, key facts and a link button.',
  urlHint: 'https://hooks.slack.com/services/…',
  urlPattern: /^https:\/\/hooks\.slack\.com\/(services|workflows|triggers)\//,
  secretUrl: true,
  defaultMessage: '*%EVENT_NAME%*: %CLIENT_NAME% — %REPORT_NAME%',

  escape: escapeMrkdwn,

  render(message: string, event: HookpostEvent) {
    return { body: slackMessage(message, event) };
  },

  classify(response: ConnectorResponse): Classification {
    const answer = response.body.trim();
    if (response.statusCode === 200) {
      return answer === 'ok'
        ? { outcome: 'success' }
        : { outcome: 'retry', reason: `200 without "ok": ${answer}` };
    }
    if (response.statusCode === 429) return { outcome: 'retry', reason: 'rate_limited' };
    if (PERMANENT_ERRORS.has(answer) || response.statusCode === 410) {
      return { outcome: 'permanent', reason: answer || `HTTP ${response.statusCode}` };
    }
    return { outcome: 'retry', reason: answer || `HTTP ${response.statusCode}` };
  },
});

/**
 * Slack parses `&`, `<` and `>` as control characters (`<!channel>`, `<url|label>`); Slack asks for
 * exactly these three as entities. Markdown (`*_~`) in a value can only restyle text, not inject.
 */
function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackMessage(message: string, event: HookpostEvent): SlackMessage {
  // plain_text is shown as typed (no links or mentions are parsed there), so the header is not escaped.
  const headline = headlineFor(event);
  const text = trimEscaped(message.trim() || escapeMrkdwn(headline), SLACK_LIMITS.sectionText);
  const fields = keyFacts(event)
    .slice(0, SLACK_LIMITS.fields)
    .map((fact) => ({
      type: 'mrkdwn' as const,
      text: trimEscaped(`*${escapeMrkdwn(fact.title)}*\n${escapeMrkdwn(fact.value)}`, SLACK_LIMITS.fieldText),
    }));
  const link = linkFor(event);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline, SLACK_LIMITS.headerText) } },
    { type: 'section', text: { type: 'mrkdwn', text } },
    ...(fields.length ? [{ type: 'section' as const, fields }] : []),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${escapeMrkdwn(event.eventName)} · ${slackDate(event.occurredAt)}` },
      ],
    },
    ...(link
      ? [
          {
            type: 'actions' as const,
            elements: [
              {
                type: 'button' as const,
                text: { type: 'plain_text' as const, text: 'View details' },
                url: link,
              },
            ],
          },
        ]
      : []),
  ];
  return { text, blocks };
}

/** Slack's date token shows the time in each reader's own time zone, with the ISO time as fallback. */
function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${escapeMrkdwn(iso)}>`;
}

/** Truncates escaped text without leaving half an entity (`&am…`) at the cut. */
function trimEscaped(text: string, max: number): string {
  const cut = truncate(text, max);
  return cut === text ? cut : cut.replace(/&[a-z]*…$/, '…');
}
