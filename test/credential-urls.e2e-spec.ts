import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

/** Slack, Teams and Discord webhook URLs are credentials: encrypted at rest like secrets (DESIGN §7). */
describe('Credential URLs', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await Receiver.start(() => ({ status: 200, body: 'ok' }));
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function row(cuid: string): Promise<{ url: string; url_encrypted: string | null }> {
    const [stored] = await t.sql<{ url: string; url_encrypted: string | null }>(
      'select url, url_encrypted from webhook where cuid = $1',
      [cuid],
    );
    return stored;
  }

  it('stores a Slack URL encrypted, shows it to the admin and delivers to it', async () => {
    const url = `${receiver.url}/services/T0001/B0001/slackSecretPart0123456789`;
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'slack', type: 'slack', url, events: ['ReportPublished'], clientCuids: ['c-slack'] })
      .expect(201);
    const stored = await row(created.body.cuid);
    expect(stored.url).toBe(`${receiver.url}/…`);
    expect(stored.url_encrypted).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('slackSecretPart');
    expect(created.body.url).toBe(url);
    expect((await t.api().get(`/api/internal/webhooks/${created.body.cuid}`).expect(200)).body.url).toBe(url);

    await t
      .api()
      .post('/api/internal/events')
      .send({ event: 'ReportPublished', clientCuid: 'c-slack', targetCuid: 'r1' })
      .expect(202);
    const [request] = await receiver.waitFor(1);
    expect(request.path).toBe('/services/T0001/B0001/slackSecretPart0123456789');
  });

  it('re-stores the URL when the type changes either way', async () => {
    const url = `${receiver.url}/plain/hook`;
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'h', url, events: ['ReportPublished'], clientCuids: ['c-none'] })
      .expect(201);
    expect(await row(created.body.cuid)).toEqual({ url, url_encrypted: null });
    const cuid = created.body.cuid;
    await t.api().patch(`/api/internal/webhooks/${cuid}`).send({ type: 'teams' }).expect(200);
    expect((await row(cuid)).url_encrypted).toMatch(/^v1:/);
    const back = await t.api().patch(`/api/internal/webhooks/${cuid}`).send({ type: 'http' }).expect(200);
    expect(back.body.url).toBe(url);
    expect(await row(cuid)).toEqual({ url, url_encrypted: null });
  });

  it('encrypts credential URLs that an older version stored in the clear, at start-up', async () => {
    const url = `${receiver.url}/api/webhooks/1/discordToken`;
    const created = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'd', type: 'discord', url, events: ['ReportPublished'], clientCuids: ['c-old'] })
      .expect(201);
    await t.sql('update webhook set url = $1, url_encrypted = null where cuid = $2', [
      url,
      created.body.cuid,
    ]);
    const { databaseUrl, queuePrefix } = t.config;
    await t.close({ keepData: true });
    t = await startTestApp({ DATABASE_URL: databaseUrl, HOOKPOST_QUEUE_PREFIX: queuePrefix });
    const stored = await row(created.body.cuid);
    expect(stored.url).toBe(`${receiver.url}/…`);
    expect(stored.url_encrypted).toMatch(/^v1:/);
    expect((await t.api().get(`/api/internal/webhooks/${created.body.cuid}`).expect(200)).body.url).toBe(url);
  });
});
