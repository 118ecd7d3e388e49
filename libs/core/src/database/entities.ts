import { Delivery } from '../delivery/delivery.entity';
import { DeliveryAttempt } from '../delivery/delivery-attempt.entity';
import { EventRecord } from '../events/event.entity';
import { Webhook } from '../webhooks/webhook.entity';

export const ENTITIES = [Webhook, EventRecord, Delivery, DeliveryAttempt];
