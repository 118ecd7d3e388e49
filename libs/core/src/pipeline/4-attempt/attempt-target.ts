import type { SecretCipher } from '../../crypto/secret-cipher';
import { signingSecrets } from '../../crypto/signing-secrets';
import type { Subscriber } from '../../persistence/webhook.repository';
import { readUrl } from '../../crypto/stored-url';
import type { DeliveryTarget } from './delivery-sender';

/** Where and how one attempt goes: the webhook's URL and secrets in the clear, for this attempt only. */
export function attemptTarget(cipher: SecretCipher, webhook: Subscriber, now = new Date()): DeliveryTarget {
  return {
    type: webhook.type,
    url: readUrl(cipher, webhook),
    sslVerification: webhook.sslVerification,
    secrets: signingSecrets(cipher, webhook, now),
  };
}
