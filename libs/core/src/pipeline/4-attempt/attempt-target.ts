import type { SecretCipher } from '../../crypto/secret-cipher';
import { decryptSecrets, secretsAt, type SigningSecrets } from '../../crypto/signing-secrets';
import { readUrl } from '../../crypto/stored-url';
import type { Subscriber } from '../../persistence/webhook.repository';
import type { DeliveryTarget } from './delivery-sender';

/**
 * Decrypted once per webhook row read: the subscriber cache hands the same row to every delivery of
 * its webhook for a second, and a row read afresh (a changed webhook) is a new object, so a stale
 * URL or secret can never be reused. Nothing is kept once the row itself is dropped.
 */
const plaintexts = new WeakMap<Subscriber, { url: string; secrets: SigningSecrets }>();

/** Where and how one attempt goes: the webhook's URL and secrets in the clear, for this attempt only. */
export function attemptTarget(cipher: SecretCipher, webhook: Subscriber, now = new Date()): DeliveryTarget {
  let plain = plaintexts.get(webhook);
  if (!plain) {
    plain = { url: readUrl(cipher, webhook), secrets: decryptSecrets(cipher, webhook) };
    plaintexts.set(webhook, plain);
  }
  return {
    type: webhook.type,
    url: plain.url,
    sslVerification: webhook.sslVerification,
    signatureScheme: webhook.signatureScheme,
    secrets: secretsAt(webhook, plain.secrets, now),
  };
}
