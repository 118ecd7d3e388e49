import { FILTER_FIELDS } from './filter-field';
import { compileFilter, type FilterSubject } from './filter-evaluator';
import type { FilterRule } from './filter-rule';
import { filterProblems } from './filter-validator';

const finding = (severity: string, extra: object = {}): FilterSubject => ({
  event: 'FindingPublished',
  status: 'Published',
  clientId: 42,
  targetCuid: 'f1',
  context: {
    finding: { severity, title: 'SQL injection in login' },
    report: {
      customFields: [
        { label: 'Ticket', value: 'SEC-1' },
        { label: 'Risk score', value: '7' },
      ],
    },
  },
  ...extra,
});
const matches = (rule: FilterRule, subject: FilterSubject) => compileFilter(rule)(subject);

describe('filterProblems', () => {
  it('accepts every operator and combination of DESIGN §12', () => {
    const rule = {
      all: [
        { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
        {
          any: [
            { field: 'status', op: 'eq', value: 'Published' },
            { field: 'clientId', op: 'gte', value: 10 },
          ],
        },
        { not: { field: 'context.report.customFields.Ticket', op: 'exists' } },
        { field: 'context.finding.title', op: 'contains', value: 'sql' },
        { field: 'reportId', op: 'lte', value: 5 },
        { field: 'targetCuid', op: 'ne', value: 'x' },
      ],
    };
    expect(filterProblems(rule)).toEqual([]);
  });

  it('names the path of each bad field, operator or value', () => {
    expect(
      filterProblems({
        all: [
          { field: 'context.finding.severty.x', op: 'eq', value: 'High' },
          { field: 'status', op: 'like', value: 'P%' },
          { field: 'status', op: 'in', value: [] },
          { field: 'status', op: 'eq', value: { nested: true } },
          { not: [] },
          { any: [] },
          'text',
        ],
      }),
    ).toEqual([
      `filter.all[0].field "context.finding.severty.x" is not a field a filter can read (${FILTER_FIELDS})`,
      'filter.all[1].op "like" must be one of: eq, ne, in, contains, exists, gte, lte',
      'filter.all[2].value must be a non-empty array of strings, numbers or booleans for in',
      'filter.all[3].value must be a string, number or boolean for eq',
      'filter.all[4].not must be a rule: { field, op, value } or { all | any: [rules] } or { not: rule }',
      'filter.all[5].any must be a non-empty array of rules',
      'filter.all[6] must be a rule: { field, op, value } or { all | any: [rules] } or { not: rule }',
    ]);
    expect(filterProblems({ field: 'status', op: 'eq', value: 'x', extra: 1 })).toEqual([
      'filter has unknown keys: extra',
    ]);
  });

  it('knows the fields from the event catalog: sections, their fields and keyed lists', () => {
    const field = (name: string) => filterProblems({ field: name, op: 'exists' });
    for (const known of [
      'status',
      'targetCuids',
      'context.finding.severity',
      'context.engagement.name',
      'context.report.customFields.Ticket',
      'context.report.customFields.a.b',
    ]) {
      expect(field(known)).toEqual([]);
    }
    for (const unknown of [
      'context.finding.severty',
      'context.finding',
      'context.finding.severity.x',
      'context.report.customFields',
      'context.nowhere.x',
      'context.__proto__.x',
      'context.finding.constructor',
      'facts',
    ]) {
      expect(field(unknown)).toEqual([expect.stringContaining('is not a field a filter can read')]);
    }
  });

  it('bounds the size and depth of a rule', () => {
    let deep: unknown = { field: 'status', op: 'exists' };
    for (let i = 0; i < 8; i++) deep = { not: deep };
    expect(filterProblems(deep)[0]).toMatch(/nests deeper than 6 levels$/);
    const wide = { any: Array.from({ length: 60 }, () => ({ field: 'status', op: 'exists' })) };
    expect(filterProblems(wide)).toEqual(['filter has more than 50 rules']);
  });
});

describe('compileFilter', () => {
  const severe: FilterRule = { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] };

  it('matches by membership, ignoring the case of text', () => {
    expect(matches(severe, finding('Critical'))).toBe(true);
    expect(matches(severe, finding('high'))).toBe(true);
    expect(matches(severe, finding('Low'))).toBe(false);
    expect(matches(severe, { event: 'ReportPublished' })).toBe(false);
  });

  it('compares equal, not equal, text containment and ranges', () => {
    expect(matches({ field: 'status', op: 'eq', value: 'published' }, finding('Low'))).toBe(true);
    expect(matches({ field: 'clientId', op: 'eq', value: '42' }, finding('Low'))).toBe(true);
    expect(matches({ field: 'status', op: 'ne', value: 'Draft' }, finding('Low'))).toBe(true);
    expect(matches({ field: 'context.finding.title', op: 'contains', value: 'LOGIN' }, finding('Low'))).toBe(
      true,
    );
    expect(matches({ field: 'clientId', op: 'gte', value: 42 }, finding('Low'))).toBe(true);
    expect(matches({ field: 'clientId', op: 'lte', value: 41 }, finding('Low'))).toBe(false);
    expect(matches({ field: 'reportId', op: 'gte', value: 0 }, finding('Low'))).toBe(false); // absent
  });

  it('reads report custom fields by their exact label', () => {
    expect(
      matches({ field: 'context.report.customFields.Ticket', op: 'eq', value: 'SEC-1' }, finding('Low')),
    ).toBe(true);
    expect(
      matches({ field: 'context.report.customFields.Risk score', op: 'gte', value: 5 }, finding('Low')),
    ).toBe(true);
    expect(matches({ field: 'context.report.customFields.ticket', op: 'exists' }, finding('Low'))).toBe(
      false,
    );
  });

  it('combines with all, any and not, and tests existence', () => {
    const rule: FilterRule = {
      all: [severe, { not: { field: 'context.report.customFields.Ticket', op: 'exists', value: false } }],
    };
    expect(matches(rule, finding('High'))).toBe(true);
    expect(matches({ any: [severe, { field: 'status', op: 'eq', value: 'Draft' }] }, finding('Low'))).toBe(
      false,
    );
    expect(matches({ field: 'targetCuids', op: 'exists', value: false }, finding('Low'))).toBe(true);
  });

  it('never reads through a prototype', () => {
    expect(matches({ field: 'context.finding.constructor', op: 'exists' }, finding('Low'))).toBe(false);
  });
});
