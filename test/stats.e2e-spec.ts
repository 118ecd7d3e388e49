import { Client } from 'pg';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

/**
 * DESIGN §12: GET /api/internal/stats and GET /api/internal/deliveries against a known set of
 * deliveries. Real deliveries first; then their attempts are moved to known times and durations in
 * this test's own database, so every bucket and percentile has one right answer.
 */
describe('Traffic stats and the deliveries list', () => {
  let t: TestApp;
  let db: Client;
  let ok: Receiver;
  let broken: Receiver;
  let healthy: string;
  let failing: string;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_RETRY_SCHEDULE: '100ms,100ms' });
    db = new Client({ connectionString: t.config.databaseUrl });
    await db.connect();
    ok = await Receiver.start();
    broken = await Receiver.start(() => ({ status: 500, body: 'down' }));
    const create = async (name: string, url: string) =>
      (
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name, url, events: ['ReportPublished'], clientCuids: ['stats-client'] })
          .expect(201)
      ).body.cuid as string;
    healthy = await create('healthy', ok.url);
    failing = await create('failing', broken.url);
    const emit = (targetCuid: string) =>
      t
        .api()
        .post('/api/internal/events')
        .send({ event: 'ReportPublished', clientCuid: 'stats-client', targetCuid })
        .expect(202);
    for (let i = 0; i < 4; i++) await emit(`report-${i}`);
    // Four deliveries succeed at once on one webhook; on the other four fail three times each.
    await eventually(async () => {
      const { rows } = await db.query(
        `select count(*) filter (where status = 'succeeded') as succeeded,
                count(*) filter (where status = 'failed') as failed from delivery`,
      );
      return Number(rows[0].succeeded) === 4 && Number(rows[0].failed) === 4;
    });
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([ok?.close(), broken?.close()]);
    await t?.close();
  });

  const stats = (query: string) => t.api().get(`/api/internal/stats?${query}`);

  describe('GET /api/internal/stats', () => {
    beforeAll(async () => {
      // The healthy webhook's attempts: 10:00:30, 10:00:45, 10:01:10, 10:03:00 taking 10, 20, 30, 40 ms.
      await db.query(
        `update delivery_attempt a set created_at = t.at, duration_ms = t.ms
           from (select cuid, row_number() over (order by cuid) as n from delivery_attempt where webhook_cuid = $1) r
           join (values (1, timestamptz '2026-01-01T10:00:30Z', 10), (2, '2026-01-01T10:00:45Z', 20),
                        (3, '2026-01-01T10:01:10Z', 30), (4, '2026-01-01T10:03:00Z', 40)) as t(n, at, ms) using (n)
          where a.cuid = r.cuid`,
        [healthy],
      );
      // The failing webhook's twelve attempts: all at 10:01:20, 100 ms each.
      await db.query(
        `update delivery_attempt set created_at = '2026-01-01T10:01:20Z', duration_ms = 100 where webhook_cuid = $1`,
        [failing],
      );
    });

    it('counts deliveries, attempts and duration percentiles per minute, per webhook and in total', async () => {
      const res = await stats('since=2026-01-01T10:00:00Z&until=2026-01-01T10:05:00Z&bucket=1m').expect(200);
      expect(res.body).toMatchObject({
        since: '2026-01-01T10:00:00.000Z',
        until: '2026-01-01T10:05:00.000Z',
        bucket: '1m',
      });
      const figures = (
        succeeded: number,
        failed: number,
        attempts: number,
        p50: number | null,
        p95: number | null,
      ) => ({
        succeeded,
        failed,
        attempts,
        p50Ms: p50,
        p95Ms: p95,
      });
      const empty = figures(0, 0, 0, null, null);
      expect(res.body.total).toEqual({
        // 10, 20, 30, 40 and twelve of 100: the 95th percentile interpolates to 100, the median too.
        totals: figures(4, 4, 16, 100, 100),
        buckets: [
          { at: '2026-01-01T10:00:00.000Z', ...figures(2, 0, 2, 15, 20) }, // p95 of 10, 20: 19.5
          { at: '2026-01-01T10:01:00.000Z', ...figures(1, 4, 13, 100, 100) },
          { at: '2026-01-01T10:02:00.000Z', ...empty },
          { at: '2026-01-01T10:03:00.000Z', ...figures(1, 0, 1, 40, 40) },
          { at: '2026-01-01T10:04:00.000Z', ...empty },
        ],
      });
      // Busiest first: the failing webhook made twelve attempts.
      expect(res.body.webhooks.map((w: { name: string }) => w.name)).toEqual(['failing', 'healthy']);
      const [failingStats, healthyStats] = res.body.webhooks;
      expect(failingStats).toMatchObject({ webhookCuid: failing, totals: figures(0, 4, 12, 100, 100) });
      expect(healthyStats).toMatchObject({ webhookCuid: healthy, totals: figures(4, 0, 4, 25, 39) }); // p95 38.5
      expect(healthyStats.buckets.map((b: { attempts: number }) => b.attempts)).toEqual([2, 1, 0, 1, 0]);
    });

    it('buckets by the hour, and leaves out what is outside the range', async () => {
      const res = await stats('since=2026-01-01T09:00:00Z&until=2026-01-01T11:00:00Z&bucket=1h').expect(200);
      expect(res.body.total.buckets.map((b: { at: string; attempts: number }) => [b.at, b.attempts])).toEqual(
        [
          ['2026-01-01T09:00:00.000Z', 0],
          ['2026-01-01T10:00:00.000Z', 16],
        ],
      );
      const narrow = await stats('since=2026-01-01T10:01:00Z&until=2026-01-01T10:02:00Z').expect(200);
      expect(narrow.body.bucket).toBe('1m');
      expect(narrow.body.total.totals).toMatchObject({ succeeded: 1, failed: 4, attempts: 13 });
    });

    it('defaults to the last hour by the minute, every bucket present', async () => {
      const res = await stats('').expect(200);
      expect(res.body.bucket).toBe('1m');
      expect(Date.parse(res.body.until) - Date.parse(res.body.since)).toBe(3_600_000);
      expect(res.body.total.buckets.length).toBeGreaterThanOrEqual(60);
      expect(res.body.total.totals).toMatchObject({ attempts: 0 }); // everything was moved to January
      expect(res.body.webhooks).toEqual([]);
    });

    it.each([
      ['an unknown bucket', 'bucket=5m', /^bucket must be one of/],
      ['a time that is not ISO', 'since=yesterday', /^since must be a valid ISO 8601/],
      [
        'since after until',
        'since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z',
        /^since must be before until/,
      ],
      [
        'too many buckets',
        'since=2025-01-01T00:00:00Z&until=2026-01-01T00:00:00Z&bucket=1m',
        /^since: the range holds/,
      ],
    ])('refuses %s with a 400 naming the field', async (_label, query, message) => {
      const res = await stats(query).expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    });

    it('needs the admin token', async () => {
      await t.http.get('/api/internal/stats').expect(401);
    });
  });

  describe('GET /api/internal/deliveries', () => {
    it('lists deliveries across webhooks, filtered by status and webhook, each with its attempts', async () => {
      const failed = await t.api().get('/api/internal/deliveries?status=failed').expect(200);
      expect(failed.body.items).toHaveLength(4);
      for (const item of failed.body.items) {
        expect(item).toMatchObject({ webhookCuid: failing, event: 'ReportPublished', status: 'failed' });
        expect(
          item.attempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]),
        ).toEqual([
          [1, 500],
          [2, 500],
          [3, 500],
        ]);
      }
      const succeeded = await t.api().get(`/api/internal/deliveries?webhookCuid=${healthy}`).expect(200);
      expect(succeeded.body.items.map((item: { status: string }) => item.status)).toEqual(
        Array(4).fill('succeeded'),
      );
      const all = await t.api().get('/api/internal/deliveries?limit=5').expect(200);
      expect(all.body.items).toHaveLength(5);
      const rest = await t
        .api()
        .get(`/api/internal/deliveries?limit=5&cursor=${all.body.nextCursor}`)
        .expect(200);
      expect(rest.body.items).toHaveLength(3);
      expect(rest.body.nextCursor).toBeNull();
      const cuids = [...all.body.items, ...rest.body.items].map((item: { cuid: string }) => item.cuid);
      expect(new Set(cuids).size).toBe(8);
    });
  });

  describe('connection tests', () => {
    it('are in the logs but not in the stats: a check, not traffic', async () => {
      const { cuid } = (
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name: 'tested', url: ok.url, events: ['ReportPublished'], clientCuids: ['elsewhere'] })
          .expect(201)
      ).body;
      await t.api().post(`/api/internal/webhooks/${cuid}/test`).expect(200);
      const logs = await t.api().get(`/api/internal/webhooks/${cuid}/logs`).expect(200);
      expect(logs.body.items).toHaveLength(1);
      const res = await stats('').expect(200);
      expect(res.body.total.totals).toMatchObject({ succeeded: 0, failed: 0, attempts: 0 });
      expect(res.body.webhooks).toEqual([]);
    });
  });
});
