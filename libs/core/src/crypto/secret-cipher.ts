import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for webhook secrets at rest. Each ciphertext names the key it was made with
 * (a short fingerprint), so a changed or lost key is detected at start-up instead of
 * silently producing unreadable secrets.
 */
export class SecretCipher {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.keyId,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      data.toString('base64'),
    ].join(':');
  }

  decrypt(stored: string): string {
    const [version, keyId, iv, tag, data] = stored.split(':');
    if (version !== VERSION || !data) throw new Error('Unrecognised secret format');
    if (keyId !== this.keyId)
      throw new Error(`Secret was encrypted with key ${keyId}, not the configured key ${this.keyId}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }

  static keyIdOf(stored: string): string | undefined {
    return stored.split(':')[1];
  }
}

/** What responses show instead of a secret: its last four characters, never more than a quarter of it. */
export function maskSecret(secret: string): string {
  const visible = secret.length >= 16 ? 4 : 0;
  return '••••' + secret.slice(secret.length - visible);
}
