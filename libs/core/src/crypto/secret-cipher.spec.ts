import { randomBytes } from 'node:crypto';
import { maskSecret, SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const stored = cipher.encrypt('s3cret-value');
    expect(stored).not.toContain('s3cret');
    expect(cipher.decrypt(stored)).toBe('s3cret-value');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a ciphertext made with another key, naming both keys', () => {
    const other = new SecretCipher(randomBytes(32));
    expect(() => cipher.decrypt(other.encrypt('x'))).toThrow(`not the configured key ${cipher.keyId}`);
    expect(SecretCipher.keyIdOf(other.encrypt('x'))).toBe(other.keyId);
  });

  it('detects tampering', () => {
    const parts = cipher.encrypt('secret').split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
  });

  it('masks long secrets to their last four characters and short ones entirely', () => {
    expect(maskSecret('abcdefghijklmnop3f9a')).toBe('••••3f9a');
    expect(maskSecret('short')).toBe('••••');
  });
});
