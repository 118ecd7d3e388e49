import { describeEvent, EVENT_TYPES, TEST_EVENT } from './event-catalog';
import { allSampleEvents, sampleEvent, sampleManyFindingsEvent } from './sample-events';

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
});
