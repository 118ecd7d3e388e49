import { describeEvent, EVENT_TYPES, TEST_EVENT } from './event-catalog';
import { allSampleEvents, largestSampleEvent, sampleEvent, sampleManyFindingsEvent } from './sample-events';

describe('sample events', () => {
  it.each([...EVENT_TYPES, TEST_EVENT] as const)('%s matches the catalog and carries one target', (type) => {
    const event = sampleEvent(type);
    expect(event.event).toBe(type);
    expect(event.targetType).toBe(describeEvent(type).targetType);
    expect(event.targetCuid).toBeTruthy();
    expect(event.targetCuids).toBeUndefined();
  });

  it('offers a many-findings variant with targetCuids only', () => {
    const event = sampleManyFindingsEvent();
    expect(event.targetCuids).toHaveLength(2);
    expect(event).not.toHaveProperty('targetCuid');
    expect(event).not.toHaveProperty('findingId');
  });

  it('applies overrides, merging context sections', () => {
    const event = sampleEvent('ReportPublished', {
      status: 'Draft',
      context: { client: { name: 'Globex' } },
    });
    expect(event.status).toBe('Draft');
    expect(event.context.client).toEqual({ name: 'Globex' });
    expect(event.context.report?.name).toBe('Q3 External Penetration Test');
  });

  it('hands out independent copies', () => {
    sampleEvent('ReportPublished').context.report!.name = 'changed';
    expect(sampleEvent('ReportPublished').context.report?.name).toBe('Q3 External Penetration Test');
  });

  it('covers every catalog event, the variant and the test event', () => {
    expect(allSampleEvents().map((e) => e.event)).toEqual([...EVENT_TYPES, 'FindingPublished', TEST_EVENT]);
  });

  describe('largestSampleEvent', () => {
    it.each([...EVENT_TYPES, TEST_EVENT] as const)("%s keeps the sample's shape, with long texts", (type) => {
      const sample = sampleEvent(type);
      const largest = largestSampleEvent(type);
      expect(largest.event).toBe(type);
      expect(Object.keys(largest.context)).toEqual(Object.keys(sample.context));
      expect(largest.context.actor?.name?.length).toBe(4096);
      expect(largest.context.actor?.cuid).toBe(sample.context.actor?.cuid);
      expect(JSON.stringify(largest).length).toBeLessThan(1024 * 1024); // fits intake's body limit
      expect(largestSampleEvent(type)).toEqual(largest); // deterministic
    });

    it('fills the report with 100 long custom fields', () => {
      const fields = largestSampleEvent('ReportPublished').context.report?.customFields ?? [];
      expect(fields).toHaveLength(100);
      expect(fields.every((f) => f.label?.length === 200 && f.value?.length === 4096)).toBe(true);
      expect(new Set(fields.map((f) => f.label)).size).toBe(100);
      expect(largestSampleEvent('ReportPublished').context.report?.url).toMatch(/^https:\/\/\S{4096,}$/);
    });

    it('gives FindingPublished the most targets intake takes, and no single target', () => {
      const event = largestSampleEvent('FindingPublished');
      expect(event.targetCuids).toHaveLength(1000);
      expect(new Set(event.targetCuids).size).toBe(1000);
      expect(event).not.toHaveProperty('targetCuid');
      expect(event.context.finding?.title).toHaveLength(4096);
    });

    it('leaves sampleEvent unchanged', () => {
      largestSampleEvent('ReportPublished');
      expect(sampleEvent('ReportPublished').context.report?.customFields).toHaveLength(2);
    });
  });
});
