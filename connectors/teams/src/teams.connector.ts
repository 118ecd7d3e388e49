import {
  defineConnector,
  fitToBytes,
  headlineFor,
  keyFacts,
  linkFor,
  truncate,
  type Classification,
  type ConnectorResponse,
  type HookpostEvent,
} from '@hookpost/connector-sdk';

/** Teams rejects Workflows posts over about 28 KB; measured as the UTF-8 bytes of the JSON body. */
const MAX_BODY_BYTES = 28_000;
/** Facts are labels, not prose: capping them first leaves the room to the message. */
const MAX_FACT_LENGTH = 500;
const MAX_TITLE_LENGTH = 200;

interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Medium';
  weight?: 'Bolder';
}
interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}
interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** Adaptive Card 1.4: the highest version Teams renders everywhere (desktop, web, mobile). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.4';
  body: (TextBlock | FactSet)[];
  actions: OpenUrlAction[];
}

/** The envelope the Workflows trigger "When a Teams webhook request is received" expects. */
export interface TeamsMessage {
  type: 'message';
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard },
  ];
}

export const teamsConnector = defineConnector({
  type: 'teams',
  displayName: 'Microsoft Teams',
  description: 'Adaptive Card posted through a Teams Workflows (Power Automate) webhook.',
  urlHint: 'https://<tenant>.<region>.logic.azure.com/workflows/… or https://…/powerautomate/…',
  urlPattern: /^https:\/\/[\w.-]+\.(logic\.azure\.com|api\.powerplatform\.com)(:443)?\//,
  secretUrl: true,
  defaultMessage: '**%EVENT_NAME%**: %CLIENT_NAME% — %REPORT_NAME%',
  limits: { maxBodyBytes: MAX_BODY_BYTES },
  escape: escapeCardMarkdown,

  render(message: string, event: HookpostEvent) {
    return { body: teamsMessage(message, event) };
  },

  /** Workflows answers 202 Accepted (older connectors 200); anything else means it was not taken. */
  classify(response: ConnectorResponse): Classification {
    if (response.statusCode === 200 || response.statusCode === 202) return { outcome: 'success' };
    return { outcome: 'retry', reason: `HTTP ${response.statusCode}` };
  },
});

/**
 * TextBlock and Fact text render a Markdown subset (bold, italic, links, lists). A backslash before
 * an ASCII punctuation mark shows the mark itself (CommonMark), so a value cannot add a link or
 * styling; `-`, `+` and `1.` only start a list at the beginning of a line, so they are escaped there.
 */
function escapeCardMarkdown(value: string): string {
  return value
    .replace(/[\\`*_~[\]()#>!|]/g, '\\$&')
    .replace(/^(\s*)([-+])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

function teamsMessage(message: string, event: HookpostEvent): TeamsMessage {
  const facts = keyFacts(event).map((fact) => ({
    title: escapeCardMarkdown(fact.title),
    value: truncate(escapeCardMarkdown(fact.value), MAX_FACT_LENGTH),
  }));
  const title = truncate(escapeCardMarkdown(headlineFor(event)), MAX_TITLE_LENGTH);
  const link = linkFor(event);
  const envelope = (text: string): TeamsMessage => ({
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
            { type: 'TextBlock', text: title, wrap: true, size: 'Medium', weight: 'Bolder' },
            { type: 'TextBlock', text, wrap: true },
            ...(facts.length ? [{ type: 'FactSet' as const, facts }] : []),
          ],
          actions: link ? [{ type: 'Action.OpenUrl', title: 'View details', url: link }] : [],
        },
      },
    ],
  });
  return fitToBytes(envelope, message.trim() || title, MAX_BODY_BYTES);
}
