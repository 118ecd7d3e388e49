import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildConsoleIfMissing, launchChromium, ROOT } from './support/console-browser';
import { eventually, Receiver } from './support/receiver';
import { startTestApp, TEST_TOKEN, TestApp } from './support/test-app';

const SHOTS = join(ROOT, 'test-output', 'console');

/** The admin console in a real browser against the real server, PostgreSQL, Redis and a local receiver. */
describe('admin console', () => {
  let t: TestApp;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  // Requests the test provokes on purpose (a wrong token, an invalid URL) are logged by Chromium too;
  // each expected status is consumed by the one console error it explains.
  let expectedStatuses: number[] = [];

  beforeAll(async () => {
    buildConsoleIfMissing();
    mkdirSync(SHOTS, { recursive: true });
    receiver = await Receiver.start(() => ({ status: 200, body: 'ok' })); // as Slack answers
    t = await startTestApp();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const status = /status of (\d{3})/.exec(message.text())?.[1];
      const expected = status ? expectedStatuses.indexOf(Number(status)) : -1;
      if (expected >= 0) return void expectedStatuses.splice(expected, 1);
      consoleErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await receiver?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  async function expectingStatuses<T>(statuses: number[], action: () => Promise<T>): Promise<T> {
    expectedStatuses = [...statuses];
    try {
      const result = await action();
      // Chromium reports a failed resource on its own schedule, possibly after the page has moved on.
      await eventually(async () => expectedStatuses.length === 0);
      return result;
    } finally {
      expectedStatuses = [];
    }
  }

  it('serves the console without a token, and every console path falls back to the app', async () => {
    const root = await t.http.get('/admin/').expect(200);
    expect(root.headers['content-type']).toContain('text/html');
    expect(root.text).toContain('<div id="root">');
    await t.http.get('/admin/webhooks/new').expect(200);
    await t.http.get('/admin/assets/missing.js').expect(404);
    await t.http.get('/api/internal/webhooks').expect(401);
  });

  it('runs the whole webhook lifecycle from the browser', async () => {
    // Sign in: a wrong token is refused beside the field, the right one opens the overview.
    await page.goto(`${t.baseUrl}/admin/`);
    await shot('01-sign-in');
    await expectingStatuses([401], async () => {
      await page.getByLabel('Admin token').fill('not-the-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That token was not accepted.').waitFor();
    });
    await page.getByLabel('Admin token').fill(TEST_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();

    // Create from the Slack preset: the URL hint shows, the preview follows the template.
    await page.getByRole('link', { name: 'New webhook' }).click();
    await page.getByRole('radio', { name: /Slack/ }).check();
    await page.getByText('URLs look like').waitFor();
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('placeholder')).toContain(
      'hooks.slack.com',
    );
    await page.getByLabel('Name', { exact: true }).fill('Security channel');
    await page.getByRole('checkbox', { name: /Report published/ }).check();
    await page.getByLabel('Secret (optional)').fill('s3cret-s3cret-s3cret');
    const message = page.getByLabel('Message template');
    await message.fill('Published: ');
    await page.getByRole('button', { name: '%REPORT_NAME%' }).click();
    await expect(message.inputValue()).resolves.toBe('Published: %REPORT_NAME%');
    await eventually(async () =>
      (await page.getByTestId('preview-body').textContent())?.includes('"blocks"'),
    );
    await eventually(async () =>
      (await page.getByTestId('preview-body').textContent())?.includes('Published: '),
    );

    // A server-side validation error lands beside its field.
    // The preview refuses the URL too, 400 ms after typing stops: waited for, so it is always counted
    // (left to chance, it fired only when the steps after this one were slow).
    await expectingStatuses([400, 400], async () => {
      await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/hook');
      await page.locator('.preview .alert-error').waitFor();
      await page.getByRole('button', { name: 'Create webhook' }).click();
      await page.locator('#url-error').waitFor();
    });
    expect(await page.locator('#url-error').textContent()).toMatch(/^url /);
    await expect(page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await shot('02-validation-error');

    await page.getByLabel('URL', { exact: true }).fill(`${receiver.url}/services/T000/B000/XXXX`);
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('Created Security channel.').waitFor();
    await page.getByRole('heading', { name: 'Edit Security channel' }).waitFor();
    // Write-only secret: the form says it is set and never shows it.
    await page.getByRole('button', { name: 'Change secret' }).waitFor();
    expect(await page.content()).not.toContain('s3cret-s3cret-s3cret');
    const [webhook] = (await t.api().get('/api/internal/webhooks').expect(200)).body;
    expect(webhook).toMatchObject({ name: 'Security channel', type: 'slack', hasSecret: true });

    // Test connection: every check with its detail.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connection works').waitFor();
    const checks = await page.locator('.checks-list li').allTextContents();
    for (const name of ['url', 'dns', 'address', 'redirect', 'status', 'latency']) {
      expect(checks.some((text) => text.includes(name))).toBe(true);
    }
    await receiver.waitFor(1);
    expect(receiver.requests[0].headers['x-hookpost-event']).toBe('WebhookTest');
    await page.getByTestId('preview-body').waitFor();
    await shot('03-editor-tested');

    // An event from a producer is delivered and shows in the logs with its request and response.
    await t
      .api()
      .post('/api/internal/events')
      .send({
        event: 'ReportPublished',
        clientCuid: 'client-1',
        targetCuid: 'report-cuid-1',
        clientId: 7,
        reportId: 42,
        context: { client: { name: 'Acme' }, report: { name: 'Q3 Pentest', status: 'Published' } },
      })
      .expect(202);
    await receiver.waitFor(2);
    await page.getByRole('link', { name: 'Delivery logs' }).click();
    await page.getByRole('heading', { name: /Delivery logs/ }).waitFor();
    const published = page.locator('tbody tr', { hasText: 'ReportPublished' });
    await refreshUntil(async () => (await published.count()) === 1);
    await published.getByRole('button', { name: 'Details' }).click();
    await page.getByRole('heading', { name: 'Request headers' }).waitFor();
    const details = await page.locator('.details-row').textContent();
    expect(details).toContain('x-hookpost-event: ReportPublished');
    expect(details).toContain('Published: Q3 Pentest');
    expect(details).not.toContain('s3cret-s3cret-s3cret');
    await shot('04-logs-details');

    // Redeliver sends the same delivery again; the new attempt appears after a refresh.
    await published.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText('was queued to be sent again').waitFor();
    const [, first, again] = await receiver.waitFor(3);
    expect(again.body).toBe(first.body);
    await refreshUntil(async () => (await published.count()) === 2);

    // Filters: by event, then by outcome.
    await page.getByLabel('Event', { exact: true }).selectOption('WebhookTest');
    await eventually(async () => (await page.locator('tbody tr').count()) === 1);
    await page.getByLabel('Outcome').selectOption('failed');
    await page.getByText('No attempts match these filters.').waitFor();
    await page.getByLabel('Event', { exact: true }).selectOption('');
    await page.getByLabel('Outcome').selectOption('');
    await eventually(async () => (await page.locator('tbody tr').count()) === 3);

    // The list: health at a glance, then the enabled switch.
    await page.getByRole('link', { name: '← All webhooks' }).click();
    const row = page.locator('tbody tr', { hasText: 'Security channel' });
    await row.locator('.badge', { hasText: /^ok$/ }).waitFor();
    expect(await row.textContent()).not.toContain('/services/T000'); // a Slack URL is a credential
    await shot('05-list');
    await page.getByRole('switch', { name: 'Enabled: Security channel' }).click();
    await row.getByText('disabled:').waitFor();
    expect((await t.api().get(`/api/internal/webhooks/${webhook.cuid}`).expect(200)).body.enabled).toBe(
      false,
    );
    await shot('06-list-disabled');

    // Delete, after confirming in a dialog.
    await page.getByRole('button', { name: 'Delete Security channel' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('This cannot be undone.').waitFor();
    await shot('07-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByText('Deleted Security channel.').waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    expect((await t.api().get('/api/internal/webhooks').expect(200)).body).toEqual([]);

    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('generates a secret shown once, and saves the Ed25519 signature scheme', async () => {
    // Signed in by the lifecycle test, whose webhook is gone again.
    await page.goto(`${t.baseUrl}/admin/webhooks/new`);
    await page.getByRole('radio', { name: /Generic HTTP/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Signed receiver');
    await page.getByLabel('URL', { exact: true }).fill(`${receiver.url}/signed`);
    await page.getByRole('checkbox', { name: /Report published/ }).check();
    await page.getByRole('button', { name: 'Generate secret' }).click();
    await page.getByText('generated on save, shown once').waitFor();
    await page.getByLabel('Signature scheme').selectOption('ed25519');
    await page.getByText('/.well-known/hookpost-signing-keys').waitFor();
    // The preview signs as the delivery will: the server's v1a signature, no secret yet.
    await eventually(async () =>
      (await page.getByTestId('preview-headers').textContent())?.includes('webhook-signature: v1a,'),
    );
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('Created Signed receiver.').waitFor();

    const shown = page.getByLabel('New secret — shown once: copy it now');
    const secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await shot('08-generated-secret');
    const [webhook] = (await t.api().get('/api/internal/webhooks').expect(200)).body;
    expect(webhook).toMatchObject({ name: 'Signed receiver', signatureScheme: 'ed25519', hasSecret: true });
    expect(JSON.stringify(webhook)).not.toContain(secret);

    // The saved secret signs deliveries; the console never shows it again.
    const before = receiver.requests.length;
    await t
      .api()
      .post('/api/internal/events')
      .send({ event: 'ReportPublished', targetCuid: 'r-9' })
      .expect(202);
    const delivered = (await receiver.waitFor(before + 1))[before];
    expect(delivered.headers['x-authorization-hmac-256']).toBe(
      createHmac('sha256', secret).update(delivered.body).digest('hex'),
    );
    expect(String(delivered.headers['webhook-signature'])).toMatch(/^v1a,\S+ v1,\S+$/);
    await page.reload();
    await page.getByRole('heading', { name: 'Edit Signed receiver' }).waitFor();
    await expect(page.getByLabel('Signature scheme').inputValue()).resolves.toBe('ed25519');
    expect(await page.content()).not.toContain(secret);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('edits delivery control: ordering, limits, and a filter that decides what is delivered', async () => {
    await page.goto(`${t.baseUrl}/admin/webhooks/new`);
    await page.getByRole('radio', { name: /Generic HTTP/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Severe findings');
    await page.getByLabel('URL', { exact: true }).fill(`${receiver.url}/severe`);
    await page.getByRole('checkbox', { name: /Finding published/ }).check();
    await page.getByLabel('Ordering').selectOption('target');
    await page.getByText('wait for the one before').waitFor();
    const rateLimit = page.getByLabel('Rate limit (requests per second)');
    const maxInFlight = page.getByLabel('Max in flight');

    // The API's bounds are checked before a round trip, in its words, beside each field.
    await rateLimit.fill('0');
    await maxInFlight.fill('2.5');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.locator('#rate-limit-error').getByText('rateLimit must not be less than 1').waitFor();
    await page.locator('#max-in-flight-error').getByText('maxInFlight must be an integer number').waitFor();
    await rateLimit.fill('5');
    await maxInFlight.fill('2');

    // A rule built from the field picker; the preview's sample finding (Critical) would be delivered.
    const verdict = page.getByTestId('filter-verdict');
    await verdict.getByText('No filter: every event is delivered.').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Field of rule 1').selectOption('context.finding.severity');
    await page.getByLabel('Operator of rule 1').selectOption('in');
    await page.getByLabel('Value of rule 1').fill('Critical, High');
    await verdict.getByText('“Finding published” matches: it would be delivered.').waitFor();
    await page.getByLabel('Value of rule 1').fill('Low');
    await verdict.getByText('does not match: it would not be delivered').waitFor();
    await page.getByLabel('Value of rule 1').fill('Critical, High');
    await verdict.getByText('matches: it would be delivered').waitFor();
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('Created Severe findings.').waitFor();

    const listed = (await t.api().get('/api/internal/webhooks').expect(200)).body as {
      cuid: string;
      name: string;
    }[];
    const cuid = listed.find((webhook) => webhook.name === 'Severe findings')!.cuid;
    const stored = async () => (await t.api().get(`/api/internal/webhooks/${cuid}`).expect(200)).body;
    expect(await stored()).toMatchObject({
      ordering: 'target',
      rateLimit: 5,
      maxInFlight: 2,
      filter: { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
    });

    // Saved values load back into the inputs.
    await page.reload();
    await page.getByRole('heading', { name: 'Edit Severe findings' }).waitFor();
    await expect(page.getByLabel('Ordering').inputValue()).resolves.toBe('target');
    await expect(rateLimit.inputValue()).resolves.toBe('5');
    await expect(maxInFlight.inputValue()).resolves.toBe('2');
    await expect(page.getByLabel('Field of rule 1').inputValue()).resolves.toBe('context.finding.severity');
    await expect(page.getByLabel('Operator of rule 1').inputValue()).resolves.toBe('in');
    await expect(page.getByLabel('Value of rule 1').inputValue()).resolves.toBe('Critical, High');
    await shot('09-delivery-control');

    // A finding the filter refuses is not delivered; one it takes is.
    const emit = (targetCuid: string, severity: string) =>
      t
        .api()
        .post('/api/internal/events')
        .send({ event: 'FindingPublished', targetCuid, context: { finding: { severity } } })
        .expect(202);
    await emit('finding-low', 'Low');
    await emit('finding-high', 'high'); // text compares without case
    const severe = async () => receiver.requests.filter((request) => request.path === '/severe');
    const [delivered] = await eventually(async () => ((await severe()).length ? severe() : null));
    expect(JSON.parse(delivered.body)).toMatchObject({ targetCuid: 'finding-high' });
    const deliveries = (await t.api().get(`/api/internal/deliveries?webhookCuid=${cuid}`).expect(200)).body;
    expect(deliveries.items.map((item: { targetCuid: string }) => item.targetCuid)).toEqual(['finding-high']);

    // As JSON: text that does not parse is caught here; a rule the API refuses shows the API's
    // message by the filter, first from the live check (the preview), then from the save.
    await page.getByRole('button', { name: 'JSON' }).click();
    const json = page.getByLabel('Filter as JSON');
    expect(JSON.parse(await json.inputValue())).toEqual((await stored()).filter);
    await json.fill('{ "field": ');
    await page.locator('#filter-error').getByText('filter is not valid JSON').waitFor();
    expect(await page.getByRole('button', { name: 'Rules' }).isDisabled()).toBe(true);
    const refused = 'filter.field "context.finding.severty" is not a field a filter can read';
    await expectingStatuses([400, 400], async () => {
      await json.fill('{ "field": "context.finding.severty", "op": "eq", "value": "High" }');
      await page.locator('#filter-error').getByText(refused).waitFor();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Please correct the highlighted fields.').waitFor();
    });
    expect(await page.locator('#filter-error').textContent()).toContain(refused);
    await expect(json.getAttribute('aria-invalid')).resolves.toBe('true');
    await shot('10-filter-refused');
    expect((await stored()).filter).toEqual({
      field: 'context.finding.severity',
      op: 'in',
      value: ['Critical', 'High'],
    });

    // What the builder cannot show stays JSON; emptied fields save as null.
    await json.fill('{ "not": { "field": "context.finding.severity", "op": "eq", "value": "Low" } }');
    await verdict.getByText('matches: it would be delivered').waitFor();
    expect(await page.getByRole('button', { name: 'Rules' }).isDisabled()).toBe(true);
    await rateLimit.fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved Severe findings.').waitFor();
    expect(await stored()).toMatchObject({
      rateLimit: null,
      maxInFlight: 2,
      filter: { not: { field: 'context.finding.severity', op: 'eq', value: 'Low' } },
    });
    await json.fill('');
    await maxInFlight.fill('');
    await page.getByLabel('Ordering').selectOption('none');
    await verdict.getByText('No filter: every event is delivered.').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(async () => (await stored()).filter === null);
    expect(await stored()).toMatchObject({
      ordering: 'none',
      rateLimit: null,
      maxInFlight: null,
      filter: null,
    });
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  /** Clicks Refresh until the logs show what `done` waits for (deliveries land asynchronously). */
  async function refreshUntil(done: () => Promise<boolean>) {
    await eventually(async () => {
      if (await done()) return true;
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('button', { name: 'Refresh' }).waitFor();
      return done();
    });
  }
});
