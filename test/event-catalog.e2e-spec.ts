import {
  EVENT_CATALOG,
  EVENT_TYPES,
  PRODUCER_EVENT_TYPES,
  sampleInput,
  variableNamesFor,
} from '@hookpost/connector-sdk';
import { previewOpenApiDocument } from '../apps/server/src/openapi/preview-openapi-document';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Everything derived from the event definitions, on the running server: the catalog API, the
 * intake taking each event's sample, and the OpenAPI document the console's types come from.
 */
describe('The event catalog on the running server', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('lists every event with the variables its definition gives, in the contract shape', async () => {
    const res = await t.api().get('/api/internal/webhookevents').expect(200);
    expect(res.body).toEqual(EVENT_CATALOG);
    for (const entry of res.body as Record<string, unknown>[]) {
      expect(Object.keys(entry)).toEqual(['event', 'name', 'description', 'targetType', 'variables']);
    }
    expect(res.body.map((entry: { event: string }) => entry.event)).toEqual(EVENT_TYPES);
    const engagement = res.body.find(
      (entry: { event: string }) => entry.event === 'SchedulerEngagementSubmitted',
    );
    expect(engagement.variables).toEqual(variableNamesFor(['client', 'engagement', 'actor']));
  });

  it("takes each producer event's sample (202) and delivers it", async () => {
    await t
      .api()
      .post('/api/internal/webhooks')
      .send({
        name: 'all',
        url: receiver.url,
        events: PRODUCER_EVENT_TYPES,
        message: '%EVENT% %CLIENT_NAME%',
      })
      .expect(201);
    for (const [index, event] of PRODUCER_EVENT_TYPES.entries()) {
      const res = await t.api().post('/api/internal/events').send(sampleInput(event)).expect(202);
      expect(res.body.deliveries).toBe(1);
      const received = (await receiver.waitFor(index + 1))[index];
      expect(JSON.parse(received.body).text).toBe(`${event} Acme Corp`);
    }
  });

  it('refuses broken variants of a sample, naming the field', async () => {
    const { targetCuid: _target, ...untargeted } = sampleInput('FindingPublished');
    for (const [body, message] of [
      [untargeted, /^targetCuid is required/],
      [{ ...sampleInput('ReportPublished'), tenant: 'eu' }, /^property tenant should not exist/],
      [
        { ...sampleInput('ReportPublished'), context: { client: { id: 'x' } } },
        /^context\.client\.id must be/,
      ],
    ] as const) {
      const res = await t.api().post('/api/internal/events').send(body).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(message)]);
    }
  });

  it('serves the OpenAPI document the console types are generated from', async () => {
    const res = await t.http.get('/docs/json').expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(await previewOpenApiDocument())));
  });
});
