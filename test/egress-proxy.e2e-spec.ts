import { ConnectProxy } from './support/connect-proxy';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

interface LogItem {
  attempt: number;
  status: string;
  willRetry: boolean;
  errorCode: string | null;
  error: string | null;
}

/** HOOKPOST_EGRESS_PROXY (DESIGN §12): deliveries and tests go out through a CONNECT proxy, vetted first. */
describe('Egress proxy', () => {
  let t: TestApp;
  let proxy: ConnectProxy;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    proxy = await ConnectProxy.start();
    t = await startTestApp({
      HOOKPOST_EGRESS_PROXY: proxy.url,
      HOOKPOST_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms,300ms',
      HOOKPOST_DELIVERY_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  /** A receiver of its own for each test: a tunnel kept alive by an earlier test would hide the proxy's part. */
  async function receiver(): Promise<{ receiver: Receiver; port: number }> {
    const started = await Receiver.start();
    receivers.push(started);
    return { receiver: started, port: Number(new URL(started.url).port) };
  }

  async function webhook(url: string, clientCuid: string): Promise<string> {
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: clientCuid, url, events: ['ReportPublished'], clientCuids: [clientCuid] })
      .expect(201);
    return created.body.cuid;
  }

  const emit = (clientCuid: string) =>
    t
      .api()
      .post('/api/internal/events')
      .send({ event: 'ReportPublished', clientCuid, targetCuid: 'report-1' })
      .expect(202);

  const logs = async (cuid: string): Promise<LogItem[]> =>
    (await t.api().get(`/api/internal/webhooks/${cuid}/logs`).expect(200)).body.items;

  it('delivers through the proxy, which is asked for the vetted address and never the hostname', async () => {
    const { receiver: target, port } = await receiver();
    const hook = await webhook(`http://localhost:${port}/hook`, 'c-deliver');

    await emit('c-deliver');

    const [request] = await target.waitFor(1);
    expect(request.headers.host).toBe(`localhost:${port}`);
    expect(proxy.connects.map((c) => c.target)).toContain(`127.0.0.1:${port}`);
    expect(proxy.connects.map((c) => c.target)).not.toContain(`localhost:${port}`);
    expect(proxy.plainRequests).toEqual([]);
    const [attempt] = await eventually(async () => {
      const items = await logs(hook);
      return items.length === 1 && items;
    });
    expect(attempt).toMatchObject({ status: 'succeeded', errorCode: null });
  });

  it('tests a connection through the proxy and says so', async () => {
    const { receiver: target, port } = await receiver();

    const report = await t
      .api()
      .post('/api/internal/webhooks/test')
      .send({ url: `http://localhost:${port}/test` })
      .expect(200);

    expect(report.body.ok).toBe(true);
    expect(report.body.checks).toContainEqual({
      name: 'address',
      ok: true,
      detail: `connected to 127.0.0.1 through egress proxy ${proxy.url}`,
    });
    expect(target.requests).toHaveLength(1);
    expect(proxy.connects.map((c) => c.target)).toContain(`127.0.0.1:${port}`);
  });

  it('refuses a blocked destination before the proxy is asked, in tests and deliveries', async () => {
    const asked = proxy.connects.length;

    const report = await t
      .api()
      .post('/api/internal/webhooks/test')
      .send({ url: 'http://169.254.169.254/latest/meta-data' })
      .expect(200);
    expect(report.body.ok).toBe(false);
    expect(report.body.checks).toContainEqual({
      name: 'address',
      ok: false,
      detail: 'Failed to call webhook: blocked address: 169.254.169.254 (link-local address)',
    });

    // A row the save check would refuse today (say, saved before the allow list was narrowed).
    const { port } = await receiver();
    const hook = await webhook(`http://127.0.0.1:${port}/hook`, 'c-blocked');
    await t.sql(`update webhook set url = 'http://169.254.169.254/latest/meta-data' where cuid = $1`, [hook]);
    await emit('c-blocked');
    const [attempt] = await eventually(async () => {
      const items = await logs(hook);
      return items.length === 1 && items;
    });
    expect(attempt).toMatchObject({ status: 'failed', willRetry: false, errorCode: 'BLOCKED_ADDRESS' });

    expect(proxy.connects.slice(asked).map((c) => c.target)).toEqual([]);
  });

  it('fails the attempt while the proxy refuses, says why, and retries', async () => {
    const { receiver: target, port } = await receiver();
    const hook = await webhook(`http://127.0.0.1:${port}/hook`, 'c-refused');
    proxy.behave({ refuse: 502 });

    await emit('c-refused');
    const failed = await eventually(async () => (await logs(hook)).at(-1)); // the first attempt
    proxy.behave('tunnel');

    expect(failed).toMatchObject({
      attempt: 1,
      status: 'failed',
      willRetry: true,
      errorCode: 'CONNECTION_ERROR',
    });
    expect(failed.error).toBe(
      `Failed to call webhook: egress proxy ${proxy.url} refused the connection to 127.0.0.1:${port} (502 Bad Gateway)`,
    );
    await target.waitFor(1);
    await eventually(async () => (await logs(hook)).find((item) => item.status === 'succeeded'));
  });

  it('fails the attempt while the proxy is down, says why, and retries once it is back', async () => {
    const { receiver: target, port } = await receiver();
    const hook = await webhook(`http://127.0.0.1:${port}/hook`, 'c-down');
    const proxyPort = proxy.port;
    await proxy.close();

    await emit('c-down');
    const failed = await eventually(async () => (await logs(hook)).at(-1)); // the first attempt
    proxy = await ConnectProxy.start(proxyPort);

    expect(failed).toMatchObject({
      attempt: 1,
      status: 'failed',
      willRetry: true,
      errorCode: 'CONNECTION_ERROR',
    });
    expect(failed.error).toContain(`Failed to call webhook: egress proxy ${proxy.url}: connection refused`);
    await target.waitFor(1);
    await eventually(async () => (await logs(hook)).find((item) => item.status === 'succeeded'));
    expect(proxy.connects.map((c) => c.target)).toEqual([`127.0.0.1:${port}`]);
  });
});
