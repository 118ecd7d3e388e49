import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ConnectProxy } from '../../../../test/support/connect-proxy';
import { parseCidrList } from './cidr-list';
import { parseEgressProxy } from './egress-proxy';
import type { HostLookup } from './host-resolver';
import { HttpTransport, type HttpTransportOptions } from './http-transport';
import { createSelfSignedCert } from './self-signed-cert.fixture';

interface Seen {
  host?: string;
  servername?: string | false | null;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function destination(server: Server): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  server.on('request', (req: IncomingMessage, res) => {
    seen.push({ host: req.headers.host, servername: (req.socket as Partial<TLSSocket>).servername });
    req.resume().on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, seen };
}

async function proxy(): Promise<ConnectProxy> {
  const started = await ConnectProxy.start();
  closers.push(() => started.close());
  return started;
}

function transport(proxyUrl: string, options: Partial<HttpTransportOptions> = {}): HttpTransport {
  const created = new HttpTransport({
    allow: parseCidrList('127.0.0.1/32'),
    timeoutMs: 3000,
    userAgent: 'Hookpost/test',
    egressProxy: parseEgressProxy(proxyUrl),
    lookup: lookupTo('127.0.0.1'),
    ...options,
  });
  closers.push(() => created.close());
  return created;
}

const lookupTo =
  (address: string): HostLookup =>
  async () => [{ address, family: address.includes(':') ? 6 : 4 }];

const post = { body: '{}', headers: {}, sslVerification: true };

describe('delivery through an egress proxy (HOOKPOST_EGRESS_PROXY)', () => {
  it('asks the proxy for the vetted address, never the hostname, and keeps the name in Host', async () => {
    const server = await destination(createHttpServer());
    const egress = await proxy();
    const through = transport(`http://hookpost:pa%24%24@127.0.0.1:${egress.port}`);

    const result = await through.send({ ...post, url: `http://hook.test:${server.port}/in` });
    await new Promise(setImmediate); // undici frees the connection for reuse a tick after the body ends
    await through.send({ ...post, url: `http://hook.test:${server.port}/in` });

    expect(result).toMatchObject({ ok: true, statusCode: 200, remoteAddress: '127.0.0.1' });
    expect(result.proxy).toBe(`http://127.0.0.1:${egress.port}`);
    expect(server.seen).toEqual([{ host: `hook.test:${server.port}` }, { host: `hook.test:${server.port}` }]);
    // One tunnel, kept alive for the second request.
    expect(egress.connects).toEqual([
      {
        target: `127.0.0.1:${server.port}`,
        headers: expect.objectContaining({
          host: `127.0.0.1:${server.port}`,
          'proxy-authorization': `Basic ${Buffer.from('hookpost:pa$$').toString('base64')}`,
        }),
      },
    ]);
    expect(egress.plainRequests).toEqual([]);
  });

  it('refuses a blocked destination without asking the proxy, whatever DNS says', async () => {
    const egress = await proxy();
    const rebound = transport(egress.url, { lookup: lookupTo('169.254.169.254') });

    const byName = await rebound.send({ ...post, url: 'http://metadata.test/latest' });
    const literal = await rebound.send({ ...post, url: 'http://10.0.0.1/' });

    expect(byName).toMatchObject({ ok: false, errorCode: 'BLOCKED_ADDRESS' });
    expect(byName.error).toContain('metadata.test resolves to 169.254.169.254 (link-local address)');
    expect(literal).toMatchObject({ ok: false, errorCode: 'BLOCKED_ADDRESS' });
    expect(egress.connects).toEqual([]);
  });

  describe('https', () => {
    const certificate = createSelfSignedCert(['hook.test']);

    it('runs TLS inside the tunnel, with SNI and the certificate check on the hostname', async () => {
      const server = await destination(createHttpsServer({ key: certificate.key, cert: certificate.cert }));
      const egress = await proxy();
      const through = transport(egress.url, { ca: certificate.cert });

      const result = await through.send({ ...post, url: `https://hook.test:${server.port}/` });
      const wrongName = await through.send({ ...post, url: `https://other.test:${server.port}/` });

      expect(result).toMatchObject({ ok: true, statusCode: 200, tls: { authorized: true } });
      expect(server.seen[0]).toEqual({ host: `hook.test:${server.port}`, servername: 'hook.test' });
      expect(wrongName).toMatchObject({ ok: false, errorCode: 'TLS_ERROR' });
      expect(wrongName.error).toContain('other.test');
      expect(egress.connects.map((c) => c.target)).toEqual([
        `127.0.0.1:${server.port}`,
        `127.0.0.1:${server.port}`,
      ]);
    });

    it('checks an IP destination against its own address, not the proxy', async () => {
      // A certificate for the proxy's own name must not pass for the destination's address.
      const proxyNamed = createSelfSignedCert(['localhost']);
      const server = await destination(createHttpsServer({ key: proxyNamed.key, cert: proxyNamed.cert }));
      const egress = await proxy();

      const result = await transport(`http://localhost:${egress.port}`, { ca: proxyNamed.cert }).send({
        ...post,
        url: `https://127.0.0.1:${server.port}/`,
      });

      expect(result).toMatchObject({ ok: false, errorCode: 'TLS_ERROR' });
      expect(result.error).toContain("IP: 127.0.0.1 is not in the cert's list");
    });
  });

  it('fails the attempt with CONNECTION_ERROR naming the proxy, never its credentials, when it refuses', async () => {
    const server = await destination(createHttpServer());
    const egress = await proxy();
    egress.behave({ refuse: 403 });

    const result = await transport(`http://user:hunter2@127.0.0.1:${egress.port}`).send({
      ...post,
      url: `http://hook.test:${server.port}/`,
    });

    expect(result).toMatchObject({ ok: false, errorCode: 'CONNECTION_ERROR' });
    expect(result.error).toBe(
      `Failed to call webhook: egress proxy http://127.0.0.1:${egress.port} refused the connection to ` +
        `127.0.0.1:${server.port} (403 Forbidden)`,
    );
    expect(server.seen).toEqual([]);
  });

  it('reports a proxy that is down as CONNECTION_ERROR naming it', async () => {
    const stopped = await ConnectProxy.start();
    const url = stopped.url;
    await stopped.close();

    const result = await transport(url).send({ ...post, url: 'http://hook.test:8080/' });

    expect(result).toMatchObject({ ok: false, errorCode: 'CONNECTION_ERROR' });
    expect(result.error).toContain(`egress proxy ${url}: connection refused`);
  });

  it('times out a proxy that never answers', async () => {
    const egress = await proxy();
    egress.behave('hang');

    const result = await transport(egress.url, { timeoutMs: 300 }).send({
      ...post,
      url: 'http://hook.test:8080/',
    });

    expect(result).toMatchObject({ ok: false, errorCode: 'TIMEOUT' });
    expect(egress.connects).toHaveLength(1);
  });
});
