import {
  jsonBytes,
  sampleEvent,
  sampleManyFindingsEvent,
  type RenderedRequest,
} from '@hookpost/connector-sdk';
import {
  HOSTILE_VALUES,
  hostileEvent,
  renderEverySample,
  renderHostileSamples,
} from '@hookpost/connector-sdk/test-kit';
import { httpConnector, MAX_HTTP_BODY_BYTES } from './http.connector';

describe('httpConnector', () => {
  it('sends the exact PlexTrac WebhookPayload, keys in order, compact', () => {
    const { body, headers }: RenderedRequest = httpConnector.render(
      'Finding published: Acme Corp',
      sampleEvent('FindingPublished'),
    );
    expect(headers).toBeUndefined();
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        cuid: 'cm1delivery0000sample0001',
        actorCuid: 'cm1actor0000jane0doe00001',
        event: 'FindingPublished',
        targetCuid: 'cm1finding0sqli0login00001',
        targetType: 'finding',
        text: 'Finding published: Acme Corp',
        clientId: 42,
        reportId: 1337,
        findingId: 9001,
        occurredAt: '2025-01-15T14:30:00.000Z',
      }),
    );
  });

  it('renders every catalog event and the test event with targetCuid or targetCuids, never both', () => {
    for (const { event, request } of renderEverySample(httpConnector)) {
      const body = request.body as Record<string, unknown>;
      expect(Object.keys(body)[0]).toBe('cuid');
      expect(body.event).toBe(event.event);
      expect('targetCuid' in body !== 'targetCuids' in body).toBe(true);
      expect(Object.values(body)).not.toContain(undefined);
    }
  });

  it('sends many findings as targetCuids without findingId', () => {
    const { body } = httpConnector.render('x', sampleManyFindingsEvent());
    expect(body.targetCuids).toEqual(['cm1finding0sqli0login00001', 'cm1finding0xss0search00002']);
    expect(body).not.toHaveProperty('targetCuid');
    expect(body).not.toHaveProperty('findingId');
  });

  it.each(Object.entries(HOSTILE_VALUES))(
    'carries a hostile value (%s) as inert JSON text',
    (_name, value) => {
      const [{ request, bytes }] = renderEverySample(httpConnector, value, [hostileEvent(value)]);
      const parsed = JSON.parse(JSON.stringify(request.body));
      if (value.length <= 1000) {
        expect(parsed.text).toBe(value);
        expect(parsed.status).toBe(value);
      } else {
        expect(bytes).toBeLessThanOrEqual(MAX_HTTP_BODY_BYTES);
        expect(value.startsWith(parsed.text.slice(0, -1))).toBe(true);
        expect(parsed.status.length).toBeLessThanOrEqual(1000);
        expect(parsed.status.endsWith('…')).toBe(true);
      }
      expect(Object.keys(parsed)).toEqual(Object.keys(request.body as object));
    },
  );

  it('keeps every hostile value, in every sample, within 64 KiB', () => {
    // JSON is the whole format: the core serialises the body, so no value can add markup; only size is at stake.
    for (const { bytes } of renderHostileSamples(httpConnector))
      expect(bytes).toBeLessThanOrEqual(MAX_HTTP_BODY_BYTES);
  });

  it('trims a long message to fill, not overflow, 64 KiB, keeping every other field', () => {
    const event = sampleEvent('FindingPublished');
    const { body } = httpConnector.render('x'.repeat(100 * 1024), event);
    expect(jsonBytes(body)).toBeLessThanOrEqual(MAX_HTTP_BODY_BYTES);
    expect(jsonBytes(body)).toBeGreaterThan(MAX_HTTP_BODY_BYTES - 8);
    expect(body.text.endsWith('…')).toBe(true);
    expect(body).toMatchObject({
      cuid: event.cuid,
      findingId: event.findingId,
      targetCuid: event.targetCuid,
    });
  });

  it('succeeds on any 2xx and retries anything else', () => {
    const answer = (statusCode: number) =>
      httpConnector.classify({ statusCode, headers: {}, body: '' }).outcome;
    expect([200, 201, 202, 204].map(answer)).toEqual(['success', 'success', 'success', 'success']);
    expect([301, 400, 429, 500].map(answer)).toEqual(['retry', 'retry', 'retry', 'retry']);
  });
});
