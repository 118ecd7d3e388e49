import { defineConnector } from '@hookpost/connector-sdk';
import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';
import { readUrl, redactUrl, storeUrl } from './stored-url';

const cipher = new SecretCipher(randomBytes(32));
const connector = (secretUrl: boolean) =>
  defineConnector({
    type: 'x',
    displayName: 'X',
    description: 'x',
    urlHint: 'https://x',
    defaultMessage: 'x',
    secretUrl,
    render: () => ({ body: {} }),
  });

describe('webhook URL storage', () => {
  const slackUrl = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

  it('encrypts a credential URL and keeps only its origin in the clear', () => {
    const stored = storeUrl(cipher, connector(true), slackUrl);
    expect(stored.url).toBe('https://hooks.slack.com/…');
    expect(stored.urlEncrypted).not.toContain('XXXX');
    expect(readUrl(cipher, stored)).toBe(slackUrl);
  });

  it('keeps an ordinary URL as it is', () => {
    const stored = storeUrl(cipher, connector(false), 'https://example.com/h?x=1');
    expect(stored).toEqual({ url: 'https://example.com/h?x=1', urlEncrypted: null });
    expect(readUrl(cipher, stored)).toBe('https://example.com/h?x=1');
  });

  it('redacts to scheme and host, whatever the URL', () => {
    expect(redactUrl('https://x.logic.azure.com:443/workflows/a?sig=s')).toBe('https://x.logic.azure.com/…');
    expect(redactUrl('not a url')).toBe('…');
  });
});
