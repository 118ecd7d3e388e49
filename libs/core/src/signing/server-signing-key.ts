import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';

/** DER of an Ed25519 PKCS#8 private key up to its 32-byte seed (RFC 8410). */
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const KID_BYTES = 12;

/**
 * Reads `HOOKPOST_SIGNING_KEY`: base64 of an Ed25519 PKCS#8 DER key or of its 32-byte seed. The
 * errors never quote the input, which is a private key.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) {
    throw new Error('must be base64 (an Ed25519 PKCS#8 DER key or a 32-byte seed)');
  }
  const bytes = Buffer.from(trimmed, 'base64');
  const der = bytes.length === 32 ? Buffer.concat([PKCS8_SEED_PREFIX, bytes]) : bytes;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error(
      `must be an Ed25519 PKCS#8 DER key or a 32-byte seed, in base64 (got ${bytes.length} bytes that are neither)`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  }
  return key;
}

/** A new development key: the base64 of a random 32-byte seed, the shortest form parseSigningKey reads. */
export function generateSigningSeed(): string {
  return randomBytes(32).toString('base64');
}

/** Raw 32-byte Ed25519 public key → its `kid`: base64url of the first 12 bytes of its SHA-256. */
export function signingKeyId(publicKey: Buffer): string {
  return createHash('sha256').update(publicKey).digest().subarray(0, KID_BYTES).toString('base64url');
}

/** What signing a delivery needs of a key; the signer depends on nothing more. */
export interface Ed25519Signer {
  sign(data: Buffer): Buffer;
}

/** The server's Ed25519 key: signs `v1a` signatures; its public half is published with its `kid`. */
export class ServerSigningKey implements Ed25519Signer {
  readonly kid: string;
  /** The raw 32 bytes. */
  readonly publicKey: Buffer;

  constructor(private readonly privateKey: KeyObject) {
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    this.publicKey = Buffer.from(jwk.x!, 'base64url');
    this.kid = signingKeyId(this.publicKey);
  }

  sign(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }
}
