import { eventually, Receiver, Responder } from './support/receiver';
import { createReportWebhook, publishReport } from './support/report-events';
import { startTestApp, TestApp } from './support/test-app';

/** A Google Chat space webhook URL as Chat issues it: key and token must arrive untouched. */
const GOOGLE_CHAT_PATH =
  '/v1/spaces/AAAAx1y2z3/messages?key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&token=abc%3Ddef';

/** A Teams Workflows URL as Power Automate issues it: its query string must arrive untouched. */
const TEAMS_PATH =
  '/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC%2Bd';

interface LogItem {
  attempt: number;
  status: 'succeeded' | 'failed';
  willRetry: boolean;
  nextAttemptAt: string | null;
  statusCode: number | null;
  errorCode: string | null;
  error: string | null;
  requestBody: string;
  responseBody: string | null;
  createdAt: string;
}

/**
 * Slack, Teams, Discord and Google Chat connectors against local fakes that answer as the real services do,
 * through the whole pipeline: intake, queue, transport, the connector's verdict, retries and logs.
 */
describe('Connectors against fake services', () => {
  let t: TestApp;
  let receiver: Receiver;
  let scope = 0;

  beforeAll(async () => {
    t = await startTestApp({ HOOKPOST_RETRY_SCHEDULE: '200ms,200ms,200ms,200ms,200ms' });
  });
  afterAll(() => t.close());
  afterEach(() => receiver?.close());

  /**
   * A webhook of `type` on a fresh fake, and one ReportPublished event for it. Each test gets its own
   * client so events of other tests never reach its webhook.
   */
  async function deliverOne(type: string, path: string, responder: Responder): Promise<string> {
    receiver = await Receiver.start(responder);
    const clientCuid = `client-${type}-${++scope}`;
    const created = await createReportWebhook(t, type, `${receiver.url}${path}`, clientCuid);
    expect(created.url).toBe(`${receiver.url}${path}`); // stored as given, never rebuilt
    await publishReport(t, clientCuid);
    return created.cuid;
  }

  async function logs(cuid: string): Promise<LogItem[]> {
    return (await t.api().get(`/api/internal/webhooks/${cuid}/logs`).expect(200)).body.items;
  }

  /** The log once its newest attempt settled the delivery (succeeded, or failed for good). */
  const settledLogs = (cuid: string) =>
    eventually(async () => {
      const items = await logs(cuid);
      return items.length > 0 && !items[0].willRetry && items;
    });

  /** Waits past several retry delays, so a retry that should not happen would have. */
  const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 1000));

  /** The one attempt of a delivery that failed for good: settled, and still alone after the retry delays. */
  async function onlyAttemptFailed(cuid: string): Promise<LogItem> {
    const [attempt] = await settledLogs(cuid);
    await quietPeriod();
    expect(receiver.requests).toHaveLength(1);
    expect(await logs(cuid)).toHaveLength(1);
    expect(attempt).toMatchObject({ attempt: 1, status: 'failed', willRetry: false, nextAttemptAt: null });
    return attempt;
  }

  /** An answer with a JSON body, as Discord and Google send them. */
  const json = (status: number, body: unknown) => ({
    status,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

  describe('Slack', () => {
    const SLACK_PATH = '/services/T000/B000/XXXX';

    it('succeeds on 200 ok with one attempt', async () => {
      const hook = await deliverOne('slack', SLACK_PATH, () => ({ status: 200, body: 'ok' }));
      const items = await settledLogs(hook);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        attempt: 1,
        status: 'succeeded',
        statusCode: 200,
        responseBody: 'ok',
      });
      const [request] = receiver.requests;
      expect(request.path).toBe(SLACK_PATH);
      const message = JSON.parse(request.body);
      expect(message.text).toContain('Acme &lt;Corp&gt;'); // escaped for mrkdwn
      expect(message.blocks[0]).toEqual({
        type: 'header',
        text: { type: 'plain_text', text: expect.any(String) },
      });
    });

    it.each([
      [400, 'invalid_payload'],
      [404, 'channel_not_found'],
    ])('fails for good after one attempt on %i %s', async (status, answer) => {
      const hook = await deliverOne('slack', SLACK_PATH, () => ({ status, body: answer }));
      const attempt = await onlyAttemptFailed(hook);
      expect(attempt).toMatchObject({ statusCode: status, errorCode: 'HTTP_ERROR', responseBody: answer });
      expect(attempt.error).toContain(answer);
    });

    it('waits for Retry-After on 429, then succeeds', async () => {
      const hook = await deliverOne('slack', SLACK_PATH, (_request, index) =>
        index === 0
          ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }
          : { status: 200, body: 'ok' },
      );
      const items = await settledLogs(hook);
      expect(items.map((item) => [item.attempt, item.status])).toEqual([
        [2, 'succeeded'],
        [1, 'failed'],
      ]);
      const limited = items[1];
      expect(limited).toMatchObject({ statusCode: 429, willRetry: true });
      expect(Date.parse(limited.nextAttemptAt!) - Date.parse(limited.createdAt)).toBeGreaterThanOrEqual(1000);
      const [first, second] = receiver.requests;
      expect(receiver.requests).toHaveLength(2);
      expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
      expect(second.body).toBe(first.body); // a retry sends the same bytes
    });
  });

  describe('Microsoft Teams', () => {
    it('succeeds on 202 with an empty body, posting the Adaptive Card to the URL byte for byte', async () => {
      const hook = await deliverOne('teams', TEAMS_PATH, () => ({ status: 202 }));
      const items = await settledLogs(hook);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ attempt: 1, status: 'succeeded', statusCode: 202, error: null });
      const [request] = receiver.requests;
      expect(request.path).toBe(TEAMS_PATH);
      const envelope = JSON.parse(request.body);
      expect(envelope.type).toBe('message');
      expect(envelope.attachments).toHaveLength(1);
      expect(envelope.attachments[0]).toMatchObject({
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { type: 'AdaptiveCard', version: '1.4' },
      });
      expect(envelope.attachments[0].content.actions).toEqual([
        { type: 'Action.OpenUrl', title: 'View details', url: 'https://plextrac.example.com/r/7' },
      ]);
    });
  });

  describe('Discord', () => {
    const DISCORD_PATH = '/api/webhooks/123456/token-abc';

    it('succeeds on 204', async () => {
      const hook = await deliverOne('discord', DISCORD_PATH, () => ({ status: 204 }));
      const items = await settledLogs(hook);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ attempt: 1, status: 'succeeded', statusCode: 204 });
      const message = JSON.parse(receiver.requests[0].body);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      expect(message.embeds[0].url).toBe('https://plextrac.example.com/r/7');
    });

    it('fails for good after one attempt when the webhook was deleted (404 Unknown Webhook)', async () => {
      const hook = await deliverOne('discord', DISCORD_PATH, () =>
        json(404, { message: 'Unknown Webhook', code: 10015 }),
      );
      const attempt = await onlyAttemptFailed(hook);
      expect(attempt.statusCode).toBe(404);
      expect(attempt.error).toContain('Unknown Webhook');
    });
  });

  describe('Google Chat', () => {
    it('succeeds on 200, posting the card to the URL byte for byte', async () => {
      const hook = await deliverOne('google-chat', GOOGLE_CHAT_PATH, () =>
        json(200, { name: 'spaces/AAAAx1y2z3/messages/m1' }),
      );
      const items = await settledLogs(hook);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ attempt: 1, status: 'succeeded', statusCode: 200 });
      const [request] = receiver.requests;
      expect(request.path).toBe(GOOGLE_CHAT_PATH);
      const { fallbackText, cardsV2 } = JSON.parse(request.body);
      expect(fallbackText).toBe('Report published: Q3 Pentest');
      expect(cardsV2[0].card.header).toEqual({ title: 'Report published' });
      expect(cardsV2[0].card.sections[0].widgets).toEqual([
        { textParagraph: { text: '<b>Report published</b>: Acme &lt;Corp&gt; — Q3 Pentest' } }, // escaped for HTML
      ]);
      expect(cardsV2[0].card.sections[2].widgets[0].buttonList.buttons[0].onClick).toEqual({
        openLink: { url: 'https://plextrac.example.com/r/7' },
      });
    });

    it('fails for good after one attempt when Google refuses the key or token', async () => {
      const hook = await deliverOne('google-chat', GOOGLE_CHAT_PATH, () =>
        json(403, {
          error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' },
        }),
      );
      const attempt = await onlyAttemptFailed(hook);
      expect(attempt.statusCode).toBe(403);
      expect(attempt.error).toContain('PERMISSION_DENIED: The caller does not have permission');
    });
  });
});
