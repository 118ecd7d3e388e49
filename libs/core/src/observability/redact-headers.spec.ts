import { REDACTED, redactHeaders } from './redact-headers';

describe('redactHeaders', () => {
  it('redacts every credential-looking header, whatever its exact name', () => {
    const credentials = [
      'authorization',
      'Proxy-Authorization',
      'cookie',
      'set-cookie',
      'x-api-key',
      'idempotency-key',
      'x-auth-token',
      'x-csrf-token',
      'x-client-secret',
      'x-hub-signature-256',
      'webhook-signature',
      'x-authorization-hmac-256',
      'x-password',
      'x-session-id',
    ];
    const headers = Object.fromEntries(credentials.map((name) => [name, 'value']));
    expect(Object.values(redactHeaders(headers) ?? {})).toEqual(credentials.map(() => REDACTED));
  });

  it('keeps ordinary headers and leaves the original alone', () => {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'curl',
      host: 'h',
      authorization: 'x',
    };
    expect(redactHeaders(headers)).toEqual({ ...headers, authorization: REDACTED });
    expect(headers.authorization).toBe('x');
    expect(redactHeaders(undefined)).toBeUndefined();
  });
});
