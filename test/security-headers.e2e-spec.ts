import { eventually, Receiver } from './support/receiver';
import { ServerProcess } from './support/server-process';
import {
  cleanUp,
  serverProcessEnv,
  startTestApp,
  TEST_TOKEN,
  TestApp,
  uniqueNames,
} from './support/test-app';

describe('Response headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends helmet’s headers everywhere and never X-Powered-By', async () => {
    for (const path of ['/api/internal/webhooks', '/health', '/admin', '/docs', '/nope']) {
      const res = await t.http.get(path).set('Authorization', `Bearer ${TEST_TOKEN}`);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('gives the console a strict Content-Security-Policy', async () => {
    for (const path of ['/admin', '/admin/webhooks/new']) {
      const csp: string = (await t.http.get(path)).headers['content-security-policy'];
      expect(csp.split(';').map((directive) => directive.trim())).toEqual(
        expect.arrayContaining([
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "connect-src 'self'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
        ]),
      );
      expect(csp).not.toContain('unsafe');
    }
  });

  it('lets JSON answers load nothing', async () => {
    const res = await t.api().get('/api/internal/webhooks').expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});

describe('Logs of a running server', () => {
  const names = uniqueNames();
  let server: ServerProcess;
  let slack: Receiver;

  beforeAll(async () => {
    slack = await Receiver.start(() => ({ status: 200, body: 'ok' }));
    server = await ServerProcess.start({
      ...serverProcessEnv(names),
    });
  });
  afterAll(async () => {
    await server.stop();
    await slack.close();
    await cleanUp(names);
  });

  it('never show a credential URL, through a whole delivery', async () => {
    const url = `${slack.url}/services/T0001/B0001/slackUrlSecret0123456789`;
    const api = (path: string, body: object) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await api('/api/internal/webhooks', {
      name: 's',
      type: 'slack',
      url,
      events: ['ReportPublished'],
    });
    expect(created.status).toBe(201);
    expect((await api('/api/internal/events', { event: 'ReportPublished', targetCuid: 'r1' })).status).toBe(
      202,
    );
    await slack.waitFor(1);
    await eventually(async () => server.output.includes('"outcome":"succeeded"'), 10_000);
    expect(server.output).not.toContain('slackUrlSecret');
  });

  it('redact every credential-looking header, not only Authorization', async () => {
    const GET_LINE = '"method":"GET","url":"/api/internal/webhooks"';
    const credentials = {
      authorization: `Bearer ${TEST_TOKEN}`,
      cookie: 'session=cookie-value-0001',
      'x-api-key': 'api-key-value-0002',
      'x-auth-token': 'auth-token-value-0003',
      'x-hub-signature-256': 'sha256=signature-value-0004',
      'x-client-secret': 'secret-value-0005',
    };
    const res = await fetch(`${server.url}/api/internal/webhooks`, { headers: credentials });
    expect(res.status).toBe(200);
    await eventually(async () => server.output.includes(GET_LINE), 10_000);
    const line = server.output.split('\n').find((l) => l.includes(GET_LINE));
    const logged = JSON.parse(line ?? '{}');
    for (const name of Object.keys(credentials)) expect(logged.req.headers[name]).toBe('[redacted]');
    expect(logged.req.headers['user-agent']).toBeDefined();
    for (const value of [TEST_TOKEN, ...Object.values(credentials).map((v) => v.split('=').pop())]) {
      expect(server.output).not.toContain(value);
    }
  });
});
