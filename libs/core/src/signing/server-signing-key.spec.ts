import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { generateSigningSeed, parseSigningKey, ServerSigningKey, signingKeyId } from './server-signing-key';

const pkcs8Base64 = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ format: 'der', type: 'pkcs8' }).toString('base64');

describe('parseSigningKey', () => {
  it('reads base64 PKCS#8 DER of an Ed25519 key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const parsed = parseSigningKey(pkcs8Base64(privateKey));
    expect(parsed.asymmetricKeyType).toBe('ed25519');
    expect(createPublicKey(parsed).export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
  });

  it('reads the base64 (or base64url) of a 32-byte seed as the same key as its PKCS#8 form', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const seed = der.subarray(der.length - 32); // RFC 8410: the seed ends the DER
    const expected = createPublicKey(privateKey).export({ format: 'jwk' });
    for (const text of [
      seed.toString('base64'),
      seed.toString('base64url'),
      ` ${seed.toString('base64')}\n`,
    ]) {
      expect(createPublicKey(parseSigningKey(text)).export({ format: 'jwk' })).toEqual(expected);
    }
  });

  it('generates seeds it can read, different each time', () => {
    const [a, b] = [generateSigningSeed(), generateSigningSeed()];
    expect(a).not.toBe(b);
    expect(parseSigningKey(a).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses what is not base64 without quoting it', () => {
    expect(() => parseSigningKey('not a key!')).toThrow(/^must be base64 /);
    expect(() => parseSigningKey('')).toThrow(/^must be base64 /);
    expect(() => parseSigningKey('secret-looking value')).toThrow(/^(?!.*secret-looking)/);
  });

  it('refuses bytes that are neither a seed nor PKCS#8, naming their length', () => {
    expect(() => parseSigningKey(Buffer.alloc(31, 1).toString('base64'))).toThrow(
      'must be an Ed25519 PKCS#8 DER key or a 32-byte seed, in base64 (got 31 bytes that are neither)',
    );
    expect(() => parseSigningKey(Buffer.alloc(64, 1).toString('base64'))).toThrow(/got 64 bytes/);
  });

  it('refuses a PKCS#8 key of another algorithm', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => parseSigningKey(pkcs8Base64(privateKey))).toThrow('must be an Ed25519 key, not ec');
  });
});

describe('ServerSigningKey', () => {
  it('exposes the raw public key and its kid, and signs verifiably', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = new ServerSigningKey(privateKey);
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    expect(key.publicKey.equals(spki.subarray(spki.length - 32))).toBe(true);
    expect(key.kid).toBe(
      createHash('sha256').update(key.publicKey).digest().subarray(0, 12).toString('base64url'),
    );
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(signingKeyId(key.publicKey)).toBe(key.kid);
    const data = Buffer.from('msg.1700000000.{"a":1}');
    expect(verify(null, data, publicKey, key.sign(data))).toBe(true);
    expect(verify(null, Buffer.from('other'), publicKey, key.sign(data))).toBe(false);
  });
});
