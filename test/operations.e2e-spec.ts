import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TEST_TOKEN, TestApp } from './support/test-app';
import { testServerUrl } from './support/global-setup';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Operations', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_RETRY_SCHEDULE: '100ms' });
    receiver = await Receiver.start((_request, index) =>
      index === 0 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' },
    );
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  describe('GET /metrics', () => {
    it('needs the admin token', async () => {
      await t.http.get('/metrics').expect(401);
    });

    it('counts events, attempts and settled deliveries by connector, event and outcome', async () => {
      await t
        .api()
        .post('/api/internal/webhooks')
        .send({ name: 'metrics', url: `${receiver.url}/hook`, events: ['FindingPublished'] })
        .expect(201);
      await t
        .api()
        .post('/api/internal/events')
        .send({ event: 'FindingPublished', clientCuid: 'client-1', targetCuid: 'finding-1' })
        .expect(202);
      await receiver.waitFor(2);

      const labels = 'connector="http",event="FindingPublished"';
      const text = await eventually(async () => {
        const res = await t.api().get('/metrics').expect(200);
        const body = res.text;
        return sample(body, `hookpost_deliveries_total{${labels},outcome="succeeded"}`) === 1 && res;
      });
      expect(text.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const body = text.text;
      expect(sample(body, 'hookpost_events_total{event="FindingPublished"}')).toBe(1);
      expect(sample(body, `hookpost_delivery_attempts_total{${labels},outcome="retry"}`)).toBe(1);
      expect(sample(body, `hookpost_delivery_attempts_total{${labels},outcome="succeeded"}`)).toBe(1);
      expect(sample(body, `hookpost_deliveries_total{${labels},outcome="failed"}`)).toBeUndefined();
      expect(sample(body, 'hookpost_attempt_duration_seconds_count{connector="http",outcome="retry"}')).toBe(
        1,
      );
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(body, `hookpost_queue_jobs{state="${state}"}`)).toEqual(expect.any(Number));
      }
      expect(body).toContain('process_cpu_user_seconds_total');
      expect(body).toContain('nodejs_eventloop_lag_seconds');
    });
  });

  describe('/admin/queues', () => {
    const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;

    it('asks a browser for the token with Basic auth', async () => {
      const res = await t.http.get('/admin/queues').expect(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="Hookpost"');
      await t.http.get('/admin/queues').set('Authorization', basic('wrong-token-0123456789')).expect(401);
      await t.http.get('/admin/queues/api/queues').expect(401);
    });

    it('serves the board with the token as Basic password or as bearer', async () => {
      const page = await t.http.get('/admin/queues').set('Authorization', basic(TEST_TOKEN)).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await t.http
        .get('/admin/queues/api/queues')
        .set('Authorization', `Bearer ${TEST_TOKEN}`)
        .expect(200);
      expect(api.body.queues.map((queue: { name: string }) => queue.name)).toEqual(['deliveries']);
    });
  });
});

describe('npm run demo', () => {
  it('delivers the burst to every receiver, verifies signatures and exits 0', async () => {
    const name = `${process.env.HOOKPOST_TEST_RUN ?? 'hp_t_manual'}_demo`;
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'demo', '--', '--events', '60'], {
        cwd: join(__dirname, '..'),
        env: { ...process.env, HOOKPOST_DEMO_NAME: name, DATABASE_URL: testServerUrl('postgres') },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/receiver\s+type\s+expected\s+delivered\s+retried\s+failed\s+signatures/);
    expect(stdout).toMatch(/^http\s+http\s+(\d+)\s+\1\s+0\s+0\s+\1 ok$/m);
    expect(stdout).toMatch(/^slack\s+slack\s+(\d+)\s+\1\s+[1-9]\d*\s+0\s+-$/m);
    expect(stdout).toMatch(/^teams\s+teams\s+(\d+)\s+\1\s+0\s+0\s+-$/m);
    expect(stdout).toContain('Nothing lost');
  }, 60_000);
});
