import type { TestApp } from './test-app';

/**
 * A webhook of `type` posting to `url` on the ReportPublished events of `clientCuid` alone, so events of
 * other tests never reach it; returns it as stored.
 */
export async function createReportWebhook(
  t: TestApp,
  type: string,
  url: string,
  clientCuid: string,
): Promise<{ cuid: string; url: string }> {
  const created = await t
    .api()
    .post('/api/internal/webhooks')
    .send({ name: `${type} webhook`, type, url, events: ['ReportPublished'], clientCuids: [clientCuid] })
    .expect(201);
  return created.body;
}

/**
 * One ReportPublished event of `clientCuid` through the HTTP intake: Acme <Corp>'s "Q3 Pentest", with a
 * link, so a connector has a value to escape and a page to link to.
 */
export async function publishReport(t: TestApp, clientCuid: string): Promise<void> {
  await t
    .api()
    .post('/api/internal/events')
    .send({
      event: 'ReportPublished',
      clientCuid,
      targetCuid: 'report-cuid-7',
      context: {
        client: { name: 'Acme <Corp>' },
        report: { name: 'Q3 Pentest', status: 'Published', url: 'https://plextrac.example.com/r/7' },
      },
    })
    .expect(202);
}
