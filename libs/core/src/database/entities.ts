import { Webhook } from '../webhooks/webhook.entity';

export const ENTITIES = [Webhook];
