import { createHmac } from 'node:crypto';
import type { Ed25519Signer } from './server-signing-key';

export interface SignInput {
  /** The exact bytes that will be sent. */
  body: string | Buffer;
  /** Null or empty: nothing is signed. */
  secret: string | null;
  /** Still valid during rotation; its signature is sent alongside the new one. */
  previousSecret?: string | null;
  /** `webhook-id`: the delivery's cuid, stable across retries. */
  msgId: string;
  /** Unix seconds. */
  timestamp: number;
  /** The server's key, for a webhook on the ed25519 scheme: its `v1a` signature leads webhook-signature. */
  signingKey?: Ed25519Signer | null;
}

const WHSEC_PREFIX = 'whsec_';

/**
 * Signature headers for one attempt: PlexTrac's `X-Authorization-HMAC-256` and the Standard
 * Webhooks trio. The id and timestamp are always sent so receivers can de-duplicate unsigned hooks.
 * `webhook-signature` lists the server's Ed25519 signature (`v1a`) first when there is a signing
 * key, then one HMAC (`v1`) per secret: receivers check the kinds they know and skip the others.
 */
export function signHeaders(input: SignInput): Record<string, string> {
  if (!Number.isSafeInteger(input.timestamp)) {
    throw new RangeError(`timestamp must be whole unix seconds, got ${input.timestamp}`);
  }
  const headers: Record<string, string> = {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(input.timestamp),
  };
  if (!input.signingKey && !input.secret) return headers; // unsigned: no copy of the body to make
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  const signed = Buffer.concat([Buffer.from(`${input.msgId}.${input.timestamp}.`, 'utf8'), body]);
  const signatures: string[] = [];
  if (input.signingKey) signatures.push(`v1a,${input.signingKey.sign(signed).toString('base64')}`);

  if (input.secret) {
    headers['X-Authorization-HMAC-256'] = createHmac('sha256', Buffer.from(input.secret, 'utf8'))
      .update(body)
      .digest('hex');
    const secrets = [input.secret];
    if (input.previousSecret && input.previousSecret !== input.secret) secrets.push(input.previousSecret);
    for (const secret of secrets) {
      signatures.push(
        `v1,${createHmac('sha256', standardWebhooksKey(secret)).update(signed).digest('base64')}`,
      );
    }
  }
  if (signatures.length) headers['webhook-signature'] = signatures.join(' ');
  return headers;
}

/**
 * The Standard Webhooks key: a `whsec_` secret carries base64 key bytes (as Svix issues them);
 * any other secret is used as its UTF-8 bytes, matching PlexTrac-style plain secrets.
 */
export function standardWebhooksKey(secret: string): Buffer {
  return secret.startsWith(WHSEC_PREFIX)
    ? Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}
