import { Delivery } from './delivery.entity';
import { DeliveryAttempt } from './delivery-attempt.entity';
import { EventRecord } from './event.entity';
import { SigningKey } from './signing-key.entity';
import { Webhook } from './webhook.entity';

export const ENTITIES = [Webhook, EventRecord, Delivery, DeliveryAttempt, SigningKey];
