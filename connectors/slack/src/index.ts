export { SLACK_LIMITS, slackConnector } from './slack.connector';
export type { SlackBlock, SlackMessage } from './slack-message.types';
