import { createHmac, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ServerSigningKey } from './server-signing-key';
import { signHeaders } from './webhook-signer';

const body = '{"cuid":"d1","event":"ReportPublished","text":"Acme \u2014 Q3 report \u2603"}';
const now = () => Math.floor(Date.now() / 1000);

/** The receiver's view: PlexTrac's header, checked with plain node:crypto. */
function plexTracValid(headers: Record<string, string>, secret: string, sent: string | Buffer): boolean {
  const expected = createHmac('sha256', secret).update(sent).digest('hex');
  return headers['X-Authorization-HMAC-256'] === expected;
}

describe('signHeaders', () => {
  it('sends only id and timestamp when there is no secret', () => {
    for (const secret of [null, '']) {
      expect(signHeaders({ body, secret, msgId: 'd1', timestamp: 1_700_000_000 })).toEqual({
        'webhook-id': 'd1',
        'webhook-timestamp': '1700000000',
      });
    }
  });

  it('signs a plain secret in both formats', () => {
    const secret = 'plain-secret-42';
    const headers = signHeaders({ body, secret, msgId: 'msg_1', timestamp: now() });

    expect(Object.keys(headers).sort()).toEqual(
      ['X-Authorization-HMAC-256', 'webhook-id', 'webhook-signature', 'webhook-timestamp'].sort(),
    );
    expect(headers['X-Authorization-HMAC-256']).toMatch(/^[0-9a-f]{64}$/);
    expect(plexTracValid(headers, secret, body)).toBe(true);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret, { format: 'raw' }).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('matches a known PlexTrac HMAC vector', () => {
    const headers = signHeaders({ body: 'hello', secret: 'key', msgId: 'x', timestamp: 0 });
    // The widely published HMAC-SHA256 of "hello" under the key "key".
    expect(headers['X-Authorization-HMAC-256']).toBe(
      '9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b',
    );
  });

  it('keys a non-ASCII plain secret on its UTF-8 bytes', () => {
    // standardwebhooks' raw string form takes one byte per UTF-16 unit, so it only equals UTF-8
    // for ASCII; receivers with non-ASCII secrets pass the UTF-8 bytes, as here.
    const secret = 'sécret-\u2603';
    const headers = signHeaders({ body, secret, msgId: 'msg_8', timestamp: now() });
    expect(() =>
      new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' }).verify(body, headers),
    ).not.toThrow();
    expect(plexTracValid(headers, secret, body)).toBe(true);
  });

  it('uses the base64 bytes of a whsec_ secret for the Standard Webhooks signature', () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const headers = signHeaders({ body, secret, msgId: 'msg_2', timestamp: now() });

    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    // PlexTrac's header still keys on the secret string itself.
    expect(plexTracValid(headers, secret, body)).toBe(true);
    expect(() => new Webhook(secret, { format: 'raw' }).verify(body, headers)).toThrow();
  });

  it('signs the exact bytes of a Buffer body', () => {
    const bytes = Buffer.from(body, 'utf8');
    const headers = signHeaders({ body: bytes, secret: 's3cret', msgId: 'msg_3', timestamp: now() });
    expect(plexTracValid(headers, 's3cret', bytes)).toBe(true);
    expect(() => new Webhook('s3cret', { format: 'raw' }).verify(bytes, headers)).not.toThrow();
    expect(headers).toEqual(
      signHeaders({
        body,
        secret: 's3cret',
        msgId: 'msg_3',
        timestamp: Number(headers['webhook-timestamp']),
      }),
    );
  });

  it('carries both signatures during rotation, new first, and each secret verifies', () => {
    const timestamp = now();
    const headers = signHeaders({
      body,
      secret: 'new-secret',
      previousSecret: 'old-secret',
      msgId: 'msg_4',
      timestamp,
    });
    const [first, second, ...rest] = headers['webhook-signature'].split(' ');

    expect(rest).toEqual([]);
    expect(first).toBe(
      signHeaders({ body, secret: 'new-secret', msgId: 'msg_4', timestamp })['webhook-signature'],
    );
    expect(second).toBe(
      signHeaders({ body, secret: 'old-secret', msgId: 'msg_4', timestamp })['webhook-signature'],
    );
    expect(() => new Webhook('new-secret', { format: 'raw' }).verify(body, headers)).not.toThrow();
    expect(() => new Webhook('old-secret', { format: 'raw' }).verify(body, headers)).not.toThrow();
    expect(() => new Webhook('other-secret', { format: 'raw' }).verify(body, headers)).toThrow();
    expect(plexTracValid(headers, 'new-secret', body)).toBe(true);
  });

  it('rotates between whsec_ and plain secrets', () => {
    const previous = `whsec_${randomBytes(32).toString('base64')}`;
    const headers = signHeaders({
      body,
      secret: 'plain-now',
      previousSecret: previous,
      msgId: 'msg_5',
      timestamp: now(),
    });
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook('plain-now', { format: 'raw' }).verify(body, headers)).not.toThrow();
  });

  it('sends one signature when the previous secret is absent or unchanged', () => {
    for (const previousSecret of [null, undefined, '', 'same']) {
      const headers = signHeaders({ body, secret: 'same', previousSecret, msgId: 'm', timestamp: now() });
      expect(headers['webhook-signature'].split(' ')).toHaveLength(1);
    }
  });

  it('detects a tampered body, id or timestamp', () => {
    const signedAt = now();
    const headers = signHeaders({ body, secret: 'k', msgId: 'msg_6', timestamp: signedAt });
    const hook = new Webhook('k', { format: 'raw' });
    expect(() => hook.verify(body + ' ', headers)).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-id': 'msg_7' })).toThrow();
    // One second off the signed time (not off the clock's: a second may have passed since signing).
    expect(() => hook.verify(body, { ...headers, 'webhook-timestamp': String(signedAt - 1) })).toThrow();
    expect(plexTracValid(headers, 'k', body + ' ')).toBe(false);
  });

  it('rejects a timestamp that is not whole seconds', () => {
    expect(() => signHeaders({ body, secret: 'k', msgId: 'm', timestamp: 1.5 })).toThrow(
      /whole unix seconds/,
    );
  });

  describe('with the server key (ed25519 scheme)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signingKey = new ServerSigningKey(privateKey);

    /** The receiver's view: every v1a signature in the header, checked with plain node:crypto. */
    function ed25519Valid(
      headers: Record<string, string>,
      sent: string,
      key: KeyObject = publicKey,
    ): boolean {
      const signed = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${sent}`);
      return headers['webhook-signature']
        .split(' ')
        .filter((entry) => entry.startsWith('v1a,'))
        .some((entry) => verify(null, signed, key, Buffer.from(entry.slice(4), 'base64')));
    }

    it('signs v1a over "id.timestamp.body" without a secret, and nothing else', () => {
      const headers = signHeaders({ body, secret: null, msgId: 'msg_9', timestamp: now(), signingKey });
      expect(Object.keys(headers).sort()).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
      expect(headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
      expect(ed25519Valid(headers, body)).toBe(true);
      expect(ed25519Valid(headers, body + ' ')).toBe(false);
      expect(ed25519Valid({ ...headers, 'webhook-id': 'msg_10' }, body)).toBe(false);
      expect(ed25519Valid(headers, body, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    });

    it('puts v1a first, then the HMAC of each secret; each kind verifies on its own', () => {
      const headers = signHeaders({
        body,
        secret: 'new-secret',
        previousSecret: 'old-secret',
        msgId: 'msg_11',
        timestamp: now(),
        signingKey,
      });
      const entries = headers['webhook-signature'].split(' ');
      expect(entries.map((entry) => entry.split(',')[0])).toEqual(['v1a', 'v1', 'v1']);
      expect(ed25519Valid(headers, body)).toBe(true);
      // Standard Webhooks libraries skip the versions they do not know.
      expect(() => new Webhook('new-secret', { format: 'raw' }).verify(body, headers)).not.toThrow();
      expect(() => new Webhook('old-secret', { format: 'raw' }).verify(body, headers)).not.toThrow();
      expect(plexTracValid(headers, 'new-secret', body)).toBe(true);
    });

    it('signs the same message as the HMAC: one signed string, whatever the scheme', () => {
      const timestamp = now();
      const hmacOnly = signHeaders({ body, secret: 'k', msgId: 'm', timestamp });
      const both = signHeaders({ body, secret: 'k', msgId: 'm', timestamp, signingKey });
      expect(both['webhook-signature'].split(' ')[1]).toBe(hmacOnly['webhook-signature']);
      expect(both['X-Authorization-HMAC-256']).toBe(hmacOnly['X-Authorization-HMAC-256']);
    });
  });
});
