import type { IncomingWebhookSendArguments } from '@slack/webhook';

/** The Incoming Webhook message this connector sends, typed by Slack's own SDK. */
export type SlackMessage = Required<Pick<IncomingWebhookSendArguments, 'text' | 'blocks'>>;
export type SlackBlock = SlackMessage['blocks'][number];
export type SectionBlock = Extract<SlackBlock, { type: 'section' }>;
