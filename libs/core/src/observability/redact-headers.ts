/**
 * Header names that carry credentials, by what they are called rather than a list of known ones:
 * `authorization`, `proxy-authorization`, cookies, and any name mentioning a token, key, secret,
 * signature, password or session (`x-api-key`, `x-hub-signature-256`, `x-auth-token`, …).
 */
const CREDENTIAL_HEADER = /auth|cookie|token|key|secret|signature|password|session/i;

export const REDACTED = '[redacted]';

/** A copy of `headers` with every credential-looking value replaced; other values untouched. */
export function redactHeaders<T extends Record<string, unknown>>(headers: T | undefined): T | undefined {
  if (!headers) return headers;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = CREDENTIAL_HEADER.test(name) ? REDACTED : value;
  }
  return copy as T;
}
