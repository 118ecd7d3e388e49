import type { SecretCipher } from './secret-cipher';

export interface StoredSecrets {
  secretEncrypted: string | null;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface SigningSecrets {
  secret: string | null;
  /** Still signing during the 24 h after a secret change. */
  previousSecret: string | null;
}

/** Both secrets in the clear, whether or not the previous one still signs. */
export function decryptSecrets(cipher: SecretCipher, stored: StoredSecrets): SigningSecrets {
  return {
    secret: stored.secretEncrypted && cipher.decrypt(stored.secretEncrypted),
    previousSecret: stored.previousSecretEncrypted && cipher.decrypt(stored.previousSecretEncrypted),
  };
}

/** The secrets that sign at `now`: the previous one only while its grace period lasts. */
export function secretsAt(
  stored: Pick<StoredSecrets, 'previousSecretExpiresAt'>,
  { secret, previousSecret }: SigningSecrets,
  now: Date,
): SigningSecrets {
  const inGrace = stored.previousSecretExpiresAt !== null && stored.previousSecretExpiresAt > now;
  return { secret, previousSecret: inGrace ? previousSecret : null };
}

/** Plaintext secrets for one attempt: the current one and, while its grace period lasts, the previous. */
export function signingSecrets(
  cipher: SecretCipher,
  stored: StoredSecrets,
  now = new Date(),
): SigningSecrets {
  return secretsAt(stored, decryptSecrets(cipher, stored), now);
}
