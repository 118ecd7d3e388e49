export { httpConnector, type WebhookPayload } from './http.connector';
