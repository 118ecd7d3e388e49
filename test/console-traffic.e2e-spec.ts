import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildConsoleIfMissing, launchChromium, ROOT } from './support/console-browser';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TEST_TOKEN, TestApp } from './support/test-app';

// `SCREENSHOTS=docs` refreshes the README's pictures in docs/screenshots; otherwise they go to test-output.
const SHOTS =
  process.env.SCREENSHOTS === 'docs'
    ? join(ROOT, 'docs', 'screenshots')
    : join(ROOT, 'test-output', 'console-traffic');
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const BILLING_DELIVERIES = 24;
const FINDINGS = 8;

/**
 * The console's traffic pages in Chromium against known deliveries: real intake to real local
 * receivers, where one webhook always succeeds, one fails for good (HTTP 500 twice: the one retry
 * of HOOKPOST_RETRY_SCHEDULE=300ms) and one is retrying (HTTP 503 with Retry-After: an hour).
 */
describe('admin console: the traffic', () => {
  let t: TestApp;
  let db: Client;
  let receivers: Receiver[];
  let browser: Browser;
  let page: Page;
  const hooks = { billing: '', crm: '', busy: '' };
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildConsoleIfMissing();
    mkdirSync(SHOTS, { recursive: true });
    receivers = await Promise.all([
      // Varied answer times, so the duration percentiles have something to tell apart.
      Receiver.start((_, index) => ({ status: 200, body: 'ok', delayMs: 4 + ((index * 7) % 40) })),
      Receiver.start(() => ({ status: 500, body: 'upstream down' })),
      Receiver.start(() => ({ status: 503, body: 'busy', headers: { 'retry-after': '3600' } })),
    ]);
    t = await startTestApp({ HOOKPOST_RETRY_SCHEDULE: '300ms' });
    db = new Client({ connectionString: t.config.databaseUrl });
    await db.connect();
    browser = await launchChromium();
    page = await watched(await browser.newPage({ viewport: WIDTHS[0] }));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await t?.close();
    await Promise.all((receivers ?? []).map((receiver) => receiver.close()));
  });

  /** A page whose errors (scripts, failed requests, refused styles) fail the test. */
  async function watched(target: Page): Promise<Page> {
    target.setDefaultTimeout(15_000);
    target.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    target.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    return target;
  }

  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const tile = (id: string) => page.getByTestId(`tile-${id}`);
  const deliveryRows = () => page.locator('.deliveries-table > tbody > tr.delivery-row');
  const rowOf = (name: string) => deliveryRows().filter({ hasText: name });

  /** Three webhooks on their own clients, each event routed to one of them, then the settled traffic. */
  async function seed() {
    const create = async (name: string, url: string, client: string) =>
      (
        await t
          .api()
          .post('/api/internal/webhooks')
          .send({ name, url, events: ['ReportPublished', 'FindingPublished'], clientCuids: [client] })
          .expect(201)
      ).body.cuid as string;
    const [ok, broken, busy] = receivers;
    hooks.billing = await create('Billing API', `${ok.url}/hooks`, 'acme');
    hooks.crm = await create('Legacy CRM', `${broken.url}/crm`, 'crm');
    hooks.busy = await create('Busy receiver', `${busy.url}/in`, 'busy');
    const emit = (event: string, clientCuid: string, targetCuid: string) =>
      t.api().post('/api/internal/events').send({ event, clientCuid, targetCuid }).expect(202);
    for (let i = 0; i < BILLING_DELIVERIES; i++) {
      await emit(i < FINDINGS ? 'FindingPublished' : 'ReportPublished', 'acme', `target-${i}`);
    }
    // Recorded, not only received: an attempt recorded after the move below would keep its real time.
    await eventually(async () => {
      const { rows } = await db.query(
        `select count(*)::int as n from delivery where webhook_cuid = $1 and status = 'succeeded'`,
        [hooks.billing],
      );
      return rows[0].n === BILLING_DELIVERIES;
    });
    // Spread over the last hour (1.5 to 55 minutes ago), as if they had come in one by one: the
    // charts then show an hour of traffic rather than one bar. Only this test's database is changed.
    await db.query(
      `with aged as (
         select cuid, now() - interval '90 seconds' - (row_number() over (order by created_at desc, cuid) - 1) * interval '140 seconds' as at
           from delivery where webhook_cuid = $1)
       update delivery d set created_at = aged.at, updated_at = aged.at from aged where d.cuid = aged.cuid`,
      [hooks.billing],
    );
    await db.query(
      `update delivery_attempt a set created_at = d.created_at + interval '200 milliseconds'
         from delivery d where d.cuid = a.delivery_cuid and d.webhook_cuid = $1`,
      [hooks.billing],
    );
    await emit('ReportPublished', 'crm', 'crm-report');
    await emit('ReportPublished', 'busy', 'busy-report');
    await eventually(async () => {
      const { rows } = await db.query(
        `select count(*) filter (where status = 'succeeded')::int as succeeded,
                count(*) filter (where status = 'failed')::int as failed,
                count(*) filter (where status = 'pending' and attempts > 0)::int as retrying from delivery`,
      );
      return rows[0].succeeded === BILLING_DELIVERIES && rows[0].failed === 1 && rows[0].retrying === 1;
    });
  }

  it('lands on the overview, empty before any traffic', async () => {
    await page.goto(`${t.baseUrl}/admin/`);
    await page.getByLabel('Admin token').fill(TEST_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('No deliveries in the last hour.').waitFor();
    expect(await page.locator('.chart canvas').count()).toBe(0);
    expect(await page.title()).toBe('Overview · Hookpost');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the totals, the charts and each webhook of known traffic', async () => {
    await seed();
    await page.getByRole('button', { name: 'Refresh' }).click();
    // 24 succeeded and 1 failed delivery ended; the retrying one has made an attempt but not ended.
    await eventually(async () => (await tile('deliveries').textContent())?.includes('25'));
    expect(await tile('deliveries').textContent()).toContain('24 succeeded · 1 failed');
    expect(await tile('success-rate').textContent()).toContain('96%');
    expect(await tile('attempts').textContent()).toContain('27'); // 24 + 2 + 1
    expect(await tile('p95').textContent()).toMatch(/p95 attempt duration[\d.]+ m?s/);

    // Three charts drawn by uPlot on canvases as wide as their cards.
    const canvases = page.locator('.chart canvas');
    expect(await canvases.count()).toBe(3);
    for (const canvas of await canvases.all())
      expect((await canvas.boundingBox())!.width).toBeGreaterThan(400);
    const legend = await page.locator('.chart .u-legend').first().textContent();
    expect(legend).toContain('Succeeded');
    expect(legend).toContain('Failed');

    const byWebhook = page.locator('.by-webhook tbody tr');
    expect(await byWebhook.count()).toBe(3);
    expect(await byWebhook.filter({ hasText: 'Legacy CRM' }).textContent()).toContain('0%');

    // One webhook at a time.
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Legacy CRM' });
    await eventually(async () => (await tile('attempts').textContent())?.includes('2'));
    expect(await tile('deliveries').textContent()).toContain('0 succeeded · 1 failed');
    expect(await tile('success-rate').textContent()).toContain('0%');
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Busy receiver' });
    await eventually(async () => (await tile('attempts').textContent())?.includes('1'));
    expect(await tile('success-rate').textContent()).toContain('—'); // nothing ended: no rate, not 0%

    // The last day, by the hour.
    await page.getByLabel('Webhook', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await page.getByText('All webhooks · the last 24 hours').waitFor();
    expect(await page.getByRole('button', { name: 'Last 24 hours' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await eventually(async () => (await tile('deliveries').textContent())?.includes('25'));
    expect(await page.locator('.chart canvas').count()).toBe(3);
    expect(consoleErrors).toEqual([]);
  });

  it('lists deliveries across webhooks, retrying apart from failed, attempts under each', async () => {
    await nav('Deliveries');
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await eventually(async () => (await deliveryRows().count()) === 25);

    // Newest first: the two settled just now, before the aged ones.
    expect(await deliveryRows().nth(0).textContent()).toMatch(/Busy receiver|Legacy CRM/);
    const busy = rowOf('Busy receiver');
    await expectBadges(busy.locator('td[data-label="Status"] .badge'), [['retrying', 'badge-warn']]);
    expect(await busy.textContent()).toContain('next try');
    expect(await busy.locator('.badge-bad').count()).toBe(0);
    const crm = rowOf('Legacy CRM');
    await expectBadges(crm.locator('td[data-label="Status"] .badge'), [['failed', 'badge-bad']]);

    // The failed delivery's two attempts: the first was retried (amber), the last failed (red).
    await crm.getByRole('button', { name: '2 attempts' }).click();
    const crmAttempts = page.getByRole('table', { name: /^Attempts of delivery/ });
    await expectBadges(crmAttempts.locator('.badge'), [
      ['retried', 'badge-warn'],
      ['failed', 'badge-bad'],
    ]);
    const attemptText = await crmAttempts.locator('tbody tr').allTextContents();
    expect(attemptText[0]).toMatch(/^#1.*500.*Failed to call webhook: HTTP 500/);
    expect(attemptText[1]).toMatch(/^#2.*500/);
    await crm.getByRole('button', { name: '2 attempts' }).click();

    // The retrying one's single attempt will be retried: amber, not failed.
    await busy.getByRole('button', { name: '1 attempt' }).click();
    const busyAttempts = page.getByRole('table', { name: /^Attempts of delivery/ });
    await expectBadges(busyAttempts.locator('.badge'), [['retrying', 'badge-warn']]);
    expect(await busyAttempts.textContent()).toContain('503');

    // 26 deliveries, 25 a page.
    await page.getByRole('button', { name: 'Load older deliveries' }).click();
    await eventually(async () => (await deliveryRows().count()) === 26);
    expect(await page.getByRole('button', { name: 'Load older deliveries' }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('filters deliveries by status, webhook, event and time, in the URL', async () => {
    const status = page.getByLabel('Status', { exact: true });
    await status.selectOption('retrying');
    await eventually(async () => (await deliveryRows().count()) === 1);
    expect(await deliveryRows().textContent()).toContain('Busy receiver');
    expect(page.url()).toContain('status=retrying');
    await status.selectOption('failed');
    await eventually(async () => (await deliveryRows().first().textContent())?.includes('Legacy CRM'));
    expect(await deliveryRows().count()).toBe(1);

    await status.selectOption('');
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Billing API' });
    await eventually(async () => (await deliveryRows().count()) === BILLING_DELIVERIES);
    await page.getByLabel('Event', { exact: true }).selectOption('FindingPublished');
    await eventually(async () => (await deliveryRows().count()) === FINDINGS);
    expect(page.url()).toContain(`webhookCuid=${hooks.billing}`);
    expect(page.url()).toContain('event=FindingPublished');

    // A shared URL opens the same list.
    await page.reload();
    await eventually(async () => (await deliveryRows().count()) === FINDINGS);
    expect(await page.getByLabel('Webhook', { exact: true }).inputValue()).toBe(hooks.billing);

    await page.getByLabel('Created', { exact: true }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2020-01-01T00:00');
    await page.getByLabel('To', { exact: true }).fill('2020-01-02T00:00');
    await page.getByText('No deliveries match these filters.').waitFor();
    await page.getByLabel('Created', { exact: true }).selectOption('1h');
    await eventually(async () => (await deliveryRows().count()) === FINDINGS);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => (await deliveryRows().count()) === 25);
    expect(consoleErrors).toEqual([]);
  });

  it('shows each webhook’s last delivery and last error, and links to its deliveries', async () => {
    await nav('Webhooks');
    const row = (name: string) => page.locator('.webhook-table tbody tr', { hasText: name });
    await row('Legacy CRM').waitFor();
    const cell = (name: string, label: string) => row(name).locator(`td[data-label="${label}"]`);
    expect(await cell('Billing API', 'Last delivery').textContent()).toMatch(/ago|now/);
    expect(await cell('Billing API', 'Last error').textContent()).toBe('none');
    const crmError = cell('Legacy CRM', 'Last error');
    expect(await crmError.textContent()).toContain('HTTP 500');
    expect(await crmError.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await cell('Busy receiver', 'Last error').textContent()).toContain('HTTP 503');
    expect(await cell('Busy receiver', 'Last delivery').textContent()).toMatch(/ago|now/);

    await page.getByRole('link', { name: 'Deliveries of Legacy CRM' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await eventually(async () => (await deliveryRows().count()) === 1);
    expect(await page.getByLabel('Webhook', { exact: true }).inputValue()).toBe(hooks.crm);
    expect(consoleErrors).toEqual([]);
  });

  it('shows an attempt that will be retried in amber in the webhook’s own logs', async () => {
    await page.goto(`${t.baseUrl}/admin/webhooks/${hooks.busy}/logs`);
    await page.getByRole('heading', { name: 'Delivery logs: Busy receiver' }).waitFor();
    await expectBadges(page.locator('.logs-table tbody .badge'), [['retrying', 'badge-warn']]);

    await page.goto(`${t.baseUrl}/admin/webhooks/${hooks.crm}/logs`);
    await page.getByRole('heading', { name: 'Delivery logs: Legacy CRM' }).waitFor();
    // Newest first: the last attempt failed for good, the first one was retried.
    await eventually(async () => (await page.locator('.logs-table tbody .badge').count()) === 2);
    await expectBadges(page.locator('.logs-table tbody .badge'), [
      ['failed', 'badge-bad'],
      ['retrying', 'badge-warn'],
    ]);
    await page.getByRole('link', { name: 'Deliveries', exact: true }).last().click();
    await eventually(async () => page.url().includes(`webhookCuid=${hooks.crm}`));
    expect(consoleErrors).toEqual([]);
  });

  it('fits every page at desktop and phone widths (screenshots)', async () => {
    // Delivery control set on one webhook, after its traffic, so the editor shows every input filled.
    await t
      .api()
      .patch(`/api/internal/webhooks/${hooks.billing}`)
      .send({
        ordering: 'target',
        rateLimit: 20,
        maxInFlight: 4,
        filter: {
          any: [
            { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
            { field: 'context.report.customFields.Ticket', op: 'exists' },
          ],
        },
      })
      .expect(200);
    for (const viewport of WIDTHS) {
      const context = await browser.newContext({ viewport });
      await context.addInitScript(
        `sessionStorage.setItem('hookpost.adminToken', ${JSON.stringify(TEST_TOKEN)})`,
      );
      const tab = await watched(await context.newPage());
      const visit = async (name: string, path: string, ready: (tab: Page) => Promise<unknown>) => {
        await tab.goto(`${t.baseUrl}/admin${path}`);
        await ready(tab);
        await shoot(tab, name, viewport);
      };
      await visit('overview', '/', (tab) => tab.locator('.chart canvas').nth(2).waitFor());
      await visit('deliveries', '/deliveries', (tab) => tab.locator('tr.delivery-row').nth(24).waitFor());
      await tab
        .locator('tr.delivery-row', { hasText: 'Legacy CRM' })
        .getByRole('button', { name: '2 attempts' })
        .click();
      await tab.getByRole('table', { name: /^Attempts of delivery/ }).waitFor();
      await shoot(tab, 'deliveries-expanded', viewport);
      await visit('webhooks', '/webhooks', (tab) => tab.getByText('Legacy CRM').waitFor());
      await visit('webhook-logs', `/webhooks/${hooks.crm}/logs`, (tab) =>
        tab.locator('.logs-table tbody .badge').nth(1).waitFor(),
      );
      await visit('webhook-editor', `/webhooks/${hooks.billing}`, async (tab) => {
        await tab.getByTestId('preview-body').waitFor();
        await tab.getByTestId('filter-verdict').getByText('matches: it would be delivered').waitFor();
      });
      // The editor is longer than three screens: its delivery control section on its own.
      await tab
        .getByRole('region', { name: 'Delivery control' })
        .screenshot({ path: join(SHOTS, `webhook-editor-delivery-control-${viewport.width}.png`) });
      await context.close();
    }
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  /** A screenshot of the page, after checking that nothing sticks out of its column (naming what does). */
  async function shoot(
    tab: Page,
    name: string,
    { width, height: screenHeight }: { width: number; height: number },
  ) {
    const tooWide = await tab.evaluate<string[]>(STICKING_OUT);
    expect({ page: name, width, tooWide }).toEqual({ page: name, width, tooWide: [] });
    expect(await tab.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
    // The whole page, up to three screens: enough to show a long list's layout without a 5 MB picture.
    const height = Math.min(
      await tab.evaluate<number>('document.documentElement.scrollHeight'),
      3 * screenHeight,
    );
    const clip = { x: 0, y: 0, width, height };
    await tab.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true, clip });
  }
});

/** The badges in order, each with its text and colour class. */
async function expectBadges(badges: Locator, expected: [text: string, className: string][]) {
  await eventually(async () => (await badges.count()) === expected.length);
  const actual = await Promise.all(
    expected.map(async (_, index) => [
      await badges.nth(index).textContent(),
      await badges.nth(index).getAttribute('class'),
    ]),
  );
  expect(actual).toEqual(expected.map(([text, className]) => [text, `badge ${className}`]));
}

/**
 * Run in the page (a string: the test's TypeScript has no DOM types): the elements whose right edge
 * passes the right edge of the page's content column.
 */
const STICKING_OUT = `(() => {
  const page = document.querySelector('main.page');
  const right = page.getBoundingClientRect().right - parseFloat(getComputedStyle(page).paddingRight);
  return [...page.querySelectorAll('*')]
    .filter((element) => element.getBoundingClientRect().right > right + 0.5)
    .map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.'));
})()`;
