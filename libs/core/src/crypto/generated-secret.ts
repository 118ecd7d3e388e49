import { randomBytes } from 'node:crypto';

/** The `secret` value that asks the server to make one (DESIGN §12). */
export const GENERATE_SECRET = 'generate';

/**
 * A new webhook secret in the Standard Webhooks form: `whsec_` and the base64 of 32 random bytes,
 * which are the HMAC key (PlexTrac's header keys on the whole string, as for any secret).
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
