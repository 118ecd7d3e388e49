import { createHmac } from 'node:crypto';

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
}

const WHSEC_PREFIX = 'whsec_';

/**
 * Signature headers for one attempt: PlexTrac's `X-Authorization-HMAC-256` and the Standard
 * Webhooks trio. The id and timestamp are always sent so receivers can de-duplicate unsigned hooks.
 */
export function signHeaders(input: SignInput): Record<string, string> {
  if (!Number.isSafeInteger(input.timestamp)) {
    throw new RangeError(`timestamp must be whole unix seconds, got ${input.timestamp}`);
  }
  const headers: Record<string, string> = {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(input.timestamp),
  };
  if (!input.secret) return headers;

  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  headers['X-Authorization-HMAC-256'] = createHmac('sha256', Buffer.from(input.secret, 'utf8'))
    .update(body)
    .digest('hex');

  const signed = Buffer.concat([Buffer.from(`${input.msgId}.${input.timestamp}.`, 'utf8'), body]);
  const secrets = [input.secret];
  if (input.previousSecret && input.previousSecret !== input.secret) secrets.push(input.previousSecret);
  headers['webhook-signature'] = secrets
    .map(
      (secret) => `v1,${createHmac('sha256', standardWebhooksKey(secret)).update(signed).digest('base64')}`,
    )
    .join(' ');
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
