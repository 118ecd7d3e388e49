import {
  classifyByStatus,
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

/** Google Chat refuses a message over 32,000 bytes, cards included: measured as the UTF-8 JSON body. */
export const MAX_BODY_BYTES = 32_000;
/** Facts are labels, not prose: capping them first leaves the room to the message. */
export const MAX_FACT_LENGTH = 500;
/** The notification line; a phone shows far less. */
export const MAX_FALLBACK_LENGTH = 500;

/** Google's canonical errors that sending the same message again cannot change. */
const PERMANENT_ERRORS = new Set(['INVALID_ARGUMENT', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'NOT_FOUND']);

type Widget =
  | { textParagraph: { text: string } }
  | { decoratedText: { topLabel: string; text: string; wrapText: true } }
  | { buttonList: { buttons: [{ text: string; onClick: { openLink: { url: string } } }] } };

/** A card message (https://developers.google.com/workspace/chat/api/reference/rest/v1/cards). */
export interface GoogleChatMessage {
  fallbackText: string;
  cardsV2: [{ cardId: 'hookpost'; card: { header: { title: string }; sections: { widgets: Widget[] }[] } }];
}

export const googleChatConnector = defineConnector({
  type: 'google-chat', // stored on webhooks: never rename it
  displayName: 'Google Chat',
  description: 'Card posted through a Google Chat space webhook: message, key facts and a link button.',
  urlHint: 'https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…',
  urlPattern: /^https:\/\/chat\.googleapis\.com\/v1\/spaces\/[^/?#]+\/messages\?/, // others: a warning
  secretUrl: true, // the key and token in the URL let anyone post: stored encrypted, never logged
  defaultMessage: '<b>%EVENT_NAME%</b>: %CLIENT_NAME% — %REPORT_NAME%',
  limits: { maxBodyBytes: MAX_BODY_BYTES },
  escape: escapeHtml,

  render(message: string, event: HookpostEvent) {
    return { body: googleChatMessage(message, event) };
  },

  /** Chat answers 200; a refused card, key or token, or a deleted space stays refused. */
  classify(response: ConnectorResponse): Classification {
    const error = googleError(response.body);
    if (error && PERMANENT_ERRORS.has(error.status)) {
      return { outcome: 'permanent', reason: `${error.status}: ${error.message}` };
    }
    return classifyByStatus(response);
  },
});

/**
 * Card text is a small HTML subset (`<b>`, `<a href>`, `<font>`…): entities keep a value's `<` and `&` as
 * text, so it cannot add a tag or a link.
 */
function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function googleChatMessage(message: string, event: HookpostEvent): GoogleChatMessage {
  const headline = headlineFor(event);
  const facts: Widget[] = keyFacts(event).map((fact) => ({
    // The titles are the SDK's own labels (`Client`, `Report`…); only values need escaping.
    decoratedText: {
      topLabel: fact.title,
      text: withoutCutEntity(truncate(escapeHtml(fact.value), MAX_FACT_LENGTH)),
      wrapText: true,
    },
  }));
  const link = linkFor(event);
  const buttons: Widget[] = link
    ? [{ buttonList: { buttons: [{ text: 'View details', onClick: { openLink: { url: link } } }] } }]
    : [];
  const envelope = (text: string): GoogleChatMessage => ({
    fallbackText: truncate(headline, MAX_FALLBACK_LENGTH), // plain text, for notifications
    cardsV2: [
      {
        cardId: 'hookpost',
        card: {
          // Google documents HTML for widget text, not for the header: it shows the event's name only,
          // never a value; the subject is in the facts.
          header: { title: event.eventName },
          sections: [
            { widgets: [{ textParagraph: { text } }] },
            { widgets: facts },
            { widgets: buttons },
          ].filter((section) => section.widgets.length > 0),
        },
      },
    ],
  });
  // Every other field has a fixed cap, so the message gets the room they leave.
  return fitToBytes(
    (text) => envelope(withoutCutEntity(text)),
    message.trim() || escapeHtml(headline),
    MAX_BODY_BYTES,
  );
}

/** Escaped text after a cut, without half an entity (`&am…`) before the ellipsis. */
function withoutCutEntity(text: string): string {
  return text.replace(/&[a-z]*…$/, '…');
}

/** Google APIs answer errors as `{ error: { code, message, status } }`, status a canonical code. */
function googleError(body: string): { status: string; message: string } | undefined {
  try {
    const { error } = JSON.parse(body) as { error?: { status?: unknown; message?: unknown } };
    return typeof error?.status === 'string'
      ? { status: error.status, message: String(error.message) }
      : undefined;
  } catch {
    return undefined;
  }
}
