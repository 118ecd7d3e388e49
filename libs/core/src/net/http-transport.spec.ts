import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parseCidrList } from './cidr-list';
import type { HostLookup } from './host-resolver';
import { resolveAndVet } from './host-resolver';
import { HttpTransport, type HttpTransportOptions } from './http-transport';
import { createSelfSignedCert } from './self-signed-cert.fixture';

interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
  servername?: string | false | null;
}

interface TestServer {
  origin: string;
  port: number;
  requests: SeenRequest[];
  connections: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const allowLoopback = parseCidrList('127.0.0.1/32');
const servers: Server[] = [];
const transports: HttpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

function transport(options: Partial<HttpTransportOptions> = {}): HttpTransport {
  const created = new HttpTransport({
    allow: allowLoopback,
    timeoutMs: 5000,
    userAgent: 'Hookpost/test',
    ...options,
  });
  transports.push(created);
  return created;
}

async function listen(server: Server, scheme: 'http' | 'https', handler: Handler): Promise<TestServer> {
  const state: TestServer = { origin: '', port: 0, requests: [], connections: 0 };
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => state.connections++);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const servername = scheme === 'https' ? (req.socket as TLSSocket).servername : undefined;
      state.requests.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        servername,
      });
      handler(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `${scheme}://127.0.0.1:${state.port}`;
  return state;
}

const startServer = (handler: Handler) => listen(createHttpServer(), 'http', handler);

const post = {
  body: '{"hello":"world"}',
  headers: { 'Content-Type': 'application/json' },
  sslVerification: true,
};

const lookupTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('HttpTransport', () => {
  it('POSTs the body and returns status, headers and body of a 200', async () => {
    const server = await startServer((_req, res) =>
      res.writeHead(200, { 'x-receiver': 'yes' }).end('thanks'),
    );
    const result = await transport().send({ ...post, url: `${server.origin}/hooks/in?x=1` });

    expect(result).toMatchObject({
      ok: true,
      statusCode: 200,
      body: 'thanks',
      remoteAddress: '127.0.0.1',
      addresses: ['127.0.0.1'],
    });
    expect(result.headers['x-receiver']).toBe('yes');
    expect(result.errorCode).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.tls).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/hooks/in?x=1',
      body: '{"hello":"world"}',
    });
    expect(server.requests[0].headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Hookpost/test',
      host: `127.0.0.1:${server.port}`,
      'content-length': '17',
    });
  });

  it('sends Buffer bodies byte for byte and lets the caller set User-Agent but not Host', async () => {
    const server = await startServer((_req, res) => res.end());
    const body = Buffer.from('caf\u00e9 \u2603', 'utf8');
    await transport().send({
      ...post,
      url: `${server.origin}/`,
      body,
      headers: { 'User-Agent': 'Custom/1', Host: 'evil.example' },
    });
    expect(server.requests[0].body).toBe(body.toString('utf8'));
    expect(server.requests[0].headers['user-agent']).toBe('Custom/1');
    expect(server.requests[0].headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('returns a 500 with its status code and no transport error code', async () => {
    const server = await startServer((_req, res) => res.writeHead(500).end('boom'));
    const result = await transport().send({ ...post, url: server.origin });
    expect(result).toMatchObject({ ok: true, statusCode: 500, body: 'boom' });
    expect(result.errorCode).toBeUndefined();
  });

  it('reports a 302 as REDIRECT and never follows it', async () => {
    const target = await startServer((_req, res) => res.end('followed'));
    const server = await startServer((_req, res) =>
      res.writeHead(302, { location: `${target.origin}/x` }).end(),
    );
    const result = await transport().send({ ...post, url: server.origin });

    expect(result).toMatchObject({ ok: true, statusCode: 302, errorCode: 'REDIRECT' });
    expect(result.error).toBe(`Failed to call webhook: redirected (302) to ${target.origin}/x, not followed`);
    expect(target.connections).toBe(0);
  });

  it('times out a server that never answers', async () => {
    const server = await startServer(() => undefined);
    const result = await transport({ timeoutMs: 60_000 }).send({
      ...post,
      url: server.origin,
      timeoutMs: 300,
    });

    expect(result).toMatchObject({
      ok: false,
      errorCode: 'TIMEOUT',
      error: 'Failed to call webhook: timed out after 300 ms',
    });
    expect(result.statusCode).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('times out a body that stops halfway, keeping the status it saw', async () => {
    const server = await startServer((_req, res) => res.writeHead(200).write('partial'));
    const result = await transport({ timeoutMs: 300 }).send({ ...post, url: server.origin });
    expect(result).toMatchObject({ ok: false, errorCode: 'TIMEOUT', statusCode: 200 });
  });

  it('keeps only the first 64 KiB of a large response body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      res.end('a'.repeat(100 * 1024) + 'b'.repeat(100 * 1024));
    });
    const result = await transport().send({ ...post, url: server.origin });
    expect(result.ok).toBe(true);
    expect(result.body).toBe('a'.repeat(64 * 1024));
  });

  it('answers NUL bytes and broken UTF-8 in a response body as U+FFFD, which PostgreSQL can store', async () => {
    const server = await startServer((_req, res) => res.end(Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0x21])));
    const result = await transport().send({ ...post, url: server.origin });
    expect(result.body).toBe('ok\ufffd\ufffd!');
  });

  it('honours a smaller maxResponseBytes', async () => {
    const server = await startServer((_req, res) => res.end('0123456789'));
    const result = await transport({ maxResponseBytes: 4 }).send({ ...post, url: server.origin });
    expect(result.body).toBe('0123');
  });

  it('reuses one keep-alive connection across sends', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const client = transport();
    for (let i = 0; i < 3; i++) {
      expect((await client.send({ ...post, url: server.origin })).statusCode).toBe(200);
      // undici frees the connection for reuse a tick after the body ends.
      await new Promise(setImmediate);
    }
    expect(server.requests).toHaveLength(3);
    expect(server.connections).toBe(1);
  });

  describe('blocked addresses', () => {
    it('refuses a loopback server when the allow list does not cover it', async () => {
      const server = await startServer((_req, res) => res.end());
      const result = await transport({ allow: [] }).send({ ...post, url: server.origin });

      expect(result).toMatchObject({ ok: false, errorCode: 'BLOCKED_ADDRESS', addresses: ['127.0.0.1'] });
      expect(result.error).toBe('Failed to call webhook: blocked address: 127.0.0.1 (loopback address)');
      expect(server.connections).toBe(0);
    });

    it.each(['http://0x7f.1:{port}/', 'http://2130706433:{port}/', 'http://[::ffff:127.0.0.1]:{port}/'])(
      'refuses the numeric spelling %s',
      async (template) => {
        const server = await startServer((_req, res) => res.end());
        const url = template.replace('{port}', String(server.port));
        const result = await transport({ allow: [] }).send({ ...post, url });
        expect(result.errorCode).toBe('BLOCKED_ADDRESS');
        expect(server.connections).toBe(0);
      },
    );

    it('refuses a hostname that resolves to a private address, without connecting', async () => {
      const lookup = jest.fn(lookupTo('10.0.0.1'));
      const result = await transport({ lookup }).send({ ...post, url: 'http://internal.example/hook' });

      expect(lookup).toHaveBeenCalledWith('internal.example');
      expect(result).toMatchObject({ ok: false, errorCode: 'BLOCKED_ADDRESS', addresses: ['10.0.0.1'] });
      expect(result.error).toBe(
        'Failed to call webhook: blocked address: internal.example resolves to 10.0.0.1 (private address)',
      );
      expect(result.remoteAddress).toBeUndefined();
    });

    it('refuses a host when any one of its addresses is blocked', async () => {
      const server = await startServer((_req, res) => res.end());
      const result = await transport({ lookup: lookupTo('127.0.0.1', '169.254.169.254') }).send({
        ...post,
        url: `http://mixed.example:${server.port}/`,
      });
      expect(result.errorCode).toBe('BLOCKED_ADDRESS');
      expect(result.addresses).toEqual(['127.0.0.1', '169.254.169.254']);
      expect(server.connections).toBe(0);
    });

    it('connects to the vetted address with the hostname in Host, so a rebinding answer is never used', async () => {
      const server = await startServer((_req, res) => res.end('pinned'));
      const answers = ['127.0.0.1', '10.0.0.1'];
      const lookup = jest.fn<ReturnType<HostLookup>, Parameters<HostLookup>>(async () => [
        { address: answers.shift()!, family: 4 },
      ]);
      const client = transport({ lookup });

      const first = await client.send({ ...post, url: `http://rebind.example:${server.port}/p` });
      expect(first).toMatchObject({ ok: true, body: 'pinned', remoteAddress: '127.0.0.1' });
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(server.requests[0].headers.host).toBe(`rebind.example:${server.port}`);

      const second = await client.send({ ...post, url: `http://rebind.example:${server.port}/p` });
      expect(second.errorCode).toBe('BLOCKED_ADDRESS');
      expect(server.requests).toHaveLength(1);
    });

    it('with a DNS cache, looks a host up once and keeps sending to the address it vetted', async () => {
      const server = await startServer((_req, res) => res.end('pinned'));
      const answers = ['127.0.0.1', '10.0.0.1'];
      const lookup = jest.fn<ReturnType<HostLookup>, Parameters<HostLookup>>(async () => [
        { address: answers.shift()!, family: 4 },
      ]);
      const client = transport({ lookup, dnsCacheMs: 60_000 });
      const url = `http://rebind.example:${server.port}/p`;

      const sent = [await client.send({ ...post, url }), await client.send({ ...post, url })];
      expect(sent.map((result) => [result.ok, result.remoteAddress])).toEqual([
        [true, '127.0.0.1'],
        [true, '127.0.0.1'],
      ]);
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(server.requests).toHaveLength(2);
    });

    it.each([
      ['ftp://example.com/', 'refused URL: url must use http or https'],
      ['http://user:pw@example.com/', 'refused URL: url must not contain a user name or password'],
      ['nonsense', 'refused URL: url must be a valid http or https URL'],
    ])('refuses %s', async (url, reason) => {
      const result = await transport().send({ ...post, url });
      expect(result).toMatchObject({
        ok: false,
        errorCode: 'BLOCKED_ADDRESS',
        error: `Failed to call webhook: ${reason}`,
      });
    });
  });

  it('reports a refused connection as CONNECTION_ERROR', async () => {
    const server = await startServer((_req, res) => res.end());
    const url = server.origin;
    servers.pop()!.close();
    const result = await transport().send({ ...post, url });
    expect(result).toMatchObject({ ok: false, errorCode: 'CONNECTION_ERROR', remoteAddress: '127.0.0.1' });
    expect(result.error).toMatch(/^Failed to call webhook: connection refused \(.*ECONNREFUSED/);
  });

  it('reports a connection dropped before any answer as CONNECTION_ERROR', async () => {
    const server = await startServer((req) => req.socket.destroy());
    const result = await transport().send({ ...post, url: server.origin });
    expect(result).toMatchObject({ ok: false, errorCode: 'CONNECTION_ERROR' });
  });

  it('reports an unknown host as DNS_ERROR', async () => {
    const lookup: HostLookup = async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    };
    const result = await transport({ lookup }).send({ ...post, url: 'https://nowhere.invalid/hook' });
    expect(result).toMatchObject({
      ok: false,
      errorCode: 'DNS_ERROR',
      error: 'Failed to call webhook: could not resolve nowhere.invalid (ENOTFOUND)',
    });
  });

  describe('https', () => {
    const certificate = createSelfSignedCert(['hook.test']);
    const startTlsServer = (handler: Handler) =>
      listen(createHttpsServer({ key: certificate.key, cert: certificate.cert }), 'https', handler);

    it('refuses a self-signed certificate when verification is on', async () => {
      const server = await startTlsServer((_req, res) => res.end());
      const result = await transport({ lookup: lookupTo('127.0.0.1') }).send({
        ...post,
        url: `https://hook.test:${server.port}/`,
      });
      expect(result).toMatchObject({ ok: false, errorCode: 'TLS_ERROR' });
      expect(result.error).toMatch(/^Failed to call webhook: TLS error: /);
      expect(server.requests).toHaveLength(0);
    });

    it('accepts it with sslVerification false, sending SNI and Host for the hostname', async () => {
      const server = await startTlsServer((_req, res) => res.end('secure'));
      const result = await transport({ lookup: lookupTo('127.0.0.1') }).send({
        ...post,
        url: `https://hook.test:${server.port}/in`,
        sslVerification: false,
      });
      expect(result).toMatchObject({ ok: true, statusCode: 200, body: 'secure', remoteAddress: '127.0.0.1' });
      expect(result.tls).toEqual({ authorized: false, validTo: certificate.validTo.toISOString() });
      expect(server.requests[0].servername).toBe('hook.test');
      expect(server.requests[0].headers.host).toBe(`hook.test:${server.port}`);
    });

    it('reports https to a plain http server as TLS_ERROR', async () => {
      const server = await startServer((_req, res) => res.end());
      const result = await transport().send({
        ...post,
        url: `https://127.0.0.1:${server.port}/`,
        sslVerification: false,
      });
      expect(result.errorCode).toBe('TLS_ERROR');
    });
  });
});

describe('resolveAndVet', () => {
  it('vets IP literals without a lookup', async () => {
    const lookup = jest.fn(lookupTo('8.8.8.8'));
    await expect(resolveAndVet('0x7f.1', [], lookup)).resolves.toEqual({
      addresses: ['127.0.0.1'],
      blocked: '127.0.0.1 (loopback address)',
    });
    await expect(resolveAndVet('[2606:4700::1]', [], lookup)).resolves.toEqual({
      addresses: ['2606:4700::1'],
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('lists every resolved address once and names the first blocked one', async () => {
    const lookup = lookupTo('8.8.8.8', '8.8.8.8', '2001:4860:4860::8888', 'fd00::1');
    await expect(resolveAndVet('dns.example', [], lookup)).resolves.toEqual({
      addresses: ['8.8.8.8', '2001:4860:4860::8888', 'fd00::1'],
      blocked: 'dns.example resolves to fd00::1 (unique-local address)',
    });
  });

  it('passes addresses inside the allow list', async () => {
    await expect(
      resolveAndVet('svc.internal', parseCidrList('10.0.0.0/8'), lookupTo('10.1.2.3')),
    ).resolves.toEqual({
      addresses: ['10.1.2.3'],
    });
  });

  it('blocks localhost through the system resolver', async () => {
    const vetted = await resolveAndVet('localhost', []);
    expect(vetted.blocked).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) \(loopback address\)$/);
  });

  it('throws the resolver error, and treats an empty answer as ENODATA', async () => {
    await expect(resolveAndVet('empty.example', [], lookupTo())).rejects.toMatchObject({ code: 'ENODATA' });
  });
});
