export { googleChatConnector, type GoogleChatMessage } from './google-chat.connector';
