import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { ServerSigningKey } from '../../signing/server-signing-key';
import { HOOKPOST_USER_AGENT } from '../../version';
import { buildRequestHeaders, schemeSigner } from './delivery-sender';

const delivery = { cuid: 'delivery-1', event: 'ReportPublished', body: '{"a":1}', headers: null };

describe('buildRequestHeaders', () => {
  it('sends the JSON, product, event and attempt headers and the unsigned Standard Webhooks id', () => {
    expect(
      buildRequestHeaders({
        delivery,
        attempt: 3,
        secrets: { secret: null, previousSecret: null },
        timestamp: 1_700_000_000,
        signingKey: null,
      }),
    ).toEqual({
      'content-type': 'application/json',
      'user-agent': HOOKPOST_USER_AGENT,
      'x-hookpost-event': 'ReportPublished',
      'x-hookpost-attempt': '3',
      'webhook-id': 'delivery-1',
      'webhook-timestamp': '1700000000',
    });
  });

  it('signs with a secret and never lets a connector header override the core ones', () => {
    const headers = buildRequestHeaders({
      delivery: {
        ...delivery,
        headers: { 'x-extra': 'kept', 'content-type': 'text/plain', 'webhook-id': 'x' },
      },
      attempt: 1,
      secrets: { secret: 'a-secret', previousSecret: null },
      timestamp: 1_700_000_000,
      signingKey: null,
    });
    expect(headers).toMatchObject({
      'x-extra': 'kept',
      'content-type': 'application/json',
      'webhook-id': 'delivery-1',
    });
    expect(headers['X-Authorization-HMAC-256']).toMatch(/^[0-9a-f]{64}$/);
    expect(headers['webhook-signature']).toMatch(/^v1,/);
  });

  it("sends the attempt span's traceparent when given, which a connector header cannot replace", () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const input = {
      attempt: 1,
      secrets: { secret: null, previousSecret: null },
      timestamp: 1_700_000_000,
      signingKey: null,
    };
    const forged = {
      ...delivery,
      headers: { traceparent: '00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01' },
    };
    expect(buildRequestHeaders({ ...input, delivery: forged, traceparent }).traceparent).toBe(traceparent);
    expect(buildRequestHeaders({ ...input, delivery })).not.toHaveProperty('traceparent');
  });

  it('adds the server key only for the ed25519 scheme, signing the bytes sent', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const serverKey = new ServerSigningKey(privateKey);
    expect(schemeSigner('hmac', serverKey)).toBeNull();
    expect(schemeSigner('ed25519', serverKey)).toBe(serverKey);

    const headers = buildRequestHeaders({
      delivery,
      attempt: 2,
      secrets: { secret: null, previousSecret: null },
      timestamp: 1_700_000_000,
      signingKey: schemeSigner('ed25519', serverKey),
    });
    const [version, signature] = headers['webhook-signature'].split(',');
    expect(version).toBe('v1a');
    const signed = Buffer.from(`delivery-1.1700000000.${delivery.body}`);
    expect(verify(null, signed, createPublicKey(privateKey), Buffer.from(signature, 'base64'))).toBe(true);
    expect(headers).not.toHaveProperty('X-Authorization-HMAC-256');
  });
});
