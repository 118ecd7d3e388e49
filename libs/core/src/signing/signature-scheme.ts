/**
 * How a webhook's deliveries are signed (DESIGN §12). `hmac`: with the webhook's secret, if it has
 * one. `ed25519`: with the server's signing key as well (`v1a`), verifiable with the published keys.
 */
export const SIGNATURE_SCHEMES = ['hmac', 'ed25519'] as const;

export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];
