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

/** Plaintext secrets for one attempt: the current one and, while its grace period lasts, the previous. */
export function signingSecrets(
  cipher: SecretCipher,
  stored: StoredSecrets,
  now = new Date(),
): SigningSecrets {
  const inGrace = stored.previousSecretExpiresAt !== null && stored.previousSecretExpiresAt > now;
  return {
    secret: stored.secretEncrypted ? cipher.decrypt(stored.secretEncrypted) : null,
    previousSecret:
      inGrace && stored.previousSecretEncrypted ? cipher.decrypt(stored.previousSecretEncrypted) : null,
  };
}
