import { NO_ROWS, ruleOf, rowsOf, type FilterRows } from './filter-rows';
import type { FilterRule } from './types';

/** The rule builder's rows and the rule language: what it can show, and the rule each edit stands for. */
describe('filter rows', () => {
  describe('rowsOf', () => {
    it('shows no rule as no rows', () => {
      expect(rowsOf(null)).toEqual(NO_ROWS);
    });

    it('shows one comparison as one row joined by all', () => {
      expect(rowsOf({ field: 'context.finding.severity', op: 'eq', value: 'High' })).toEqual({
        combine: 'all',
        rows: [{ field: 'context.finding.severity', op: 'eq', value: 'High' }],
      });
    });

    it('shows a group of all or any, listed values comma-separated, exists without a value', () => {
      expect(
        rowsOf({
          any: [
            { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
            { field: 'findingId', op: 'gte', value: 10 },
            { field: 'context.report.name', op: 'exists' },
            { field: 'context.report.name', op: 'exists', value: true },
          ],
        } as FilterRule),
      ).toEqual({
        combine: 'any',
        rows: [
          { field: 'context.finding.severity', op: 'in', value: 'Critical, High' },
          { field: 'findingId', op: 'gte', value: '10' },
          { field: 'context.report.name', op: 'exists', value: '' },
          { field: 'context.report.name', op: 'exists', value: '' },
        ],
      });
    });

    it('shows a report custom field by its label', () => {
      expect(rowsOf({ field: 'context.report.customFields.Region', op: 'eq', value: 'EU' })?.rows).toEqual([
        { field: 'context.report.customFields.Region', op: 'eq', value: 'EU' },
      ]);
    });

    it.each<[string, unknown]>([
      ['not', { not: { field: 'event', op: 'eq', value: 'ReportPublished' } }],
      ['a nested group', { all: [{ any: [{ field: 'event', op: 'eq', value: 'ReportPublished' }] }] }],
      ['exists: false', { field: 'event', op: 'exists', value: false }],
      ['a listed value holding a comma', { field: 'event', op: 'in', value: ['a,b'] }],
      ['a listed value that is not a scalar', { field: 'event', op: 'in', value: [{}] }],
      ['a field the picker does not offer', { field: 'context.secret', op: 'eq', value: 'x' }],
      ['a key beside the comparison', { field: 'event', op: 'eq', value: 'x', note: 'y' }],
      ['a group with another key', { all: [{ field: 'event', op: 'eq', value: 'x' }], any: [] }],
      ['an empty group', { all: [] }],
      ['a group that is not a list', { any: { field: 'event', op: 'eq', value: 'x' } }],
      ['an unknown operator', { field: 'event', op: 'matches', value: 'x' }],
      ['an object value', { field: 'event', op: 'eq', value: { a: 1 } }],
      ['a list', [{ field: 'event', op: 'eq', value: 'x' }]],
      ['text', 'event = x'],
    ])('cannot show %s (it is edited as JSON)', (_label, rule) => {
      expect(rowsOf(rule as FilterRule)).toBeNull();
    });
  });

  describe('ruleOf', () => {
    it('makes no rule of no rows, a comparison of one, a group of more', () => {
      expect(ruleOf(NO_ROWS)).toBeNull();
      expect(
        ruleOf({ combine: 'any', rows: [{ field: 'event', op: 'ne', value: 'ReportPublished' }] }),
      ).toEqual({
        field: 'event',
        op: 'ne',
        value: 'ReportPublished',
      });
      const rows: FilterRows = {
        combine: 'any',
        rows: [
          { field: 'event', op: 'eq', value: 'ReportPublished' },
          { field: 'context.report.name', op: 'exists', value: 'ignored' },
        ],
      };
      expect(ruleOf(rows)).toEqual({
        any: [
          { field: 'event', op: 'eq', value: 'ReportPublished' },
          { field: 'context.report.name', op: 'exists' },
        ],
      });
      expect(ruleOf({ ...rows, combine: 'all' })).toEqual({ all: (ruleOf(rows) as { any: unknown }).any });
    });

    it('sends a number field as a number, unless what was typed is not one', () => {
      expect(ruleOf({ combine: 'all', rows: [{ field: 'findingId', op: 'gte', value: ' 42 ' }] })).toEqual({
        field: 'findingId',
        op: 'gte',
        value: 42,
      });
      expect(ruleOf({ combine: 'all', rows: [{ field: 'findingId', op: 'eq', value: 'forty' }] })).toEqual({
        field: 'findingId',
        op: 'eq',
        value: 'forty',
      });
      expect(ruleOf({ combine: 'all', rows: [{ field: 'findingId', op: 'eq', value: ' ' }] })).toEqual({
        field: 'findingId',
        op: 'eq',
        value: ' ',
      });
      // A text field keeps digits as text: "123" is a name here.
      expect(
        ruleOf({ combine: 'all', rows: [{ field: 'context.client.name', op: 'eq', value: '123' }] }),
      ).toEqual({ field: 'context.client.name', op: 'eq', value: '123' });
    });

    it('splits a list at commas, trimmed, empty items dropped, numbers typed', () => {
      expect(
        ruleOf({
          combine: 'all',
          rows: [{ field: 'context.finding.severity', op: 'in', value: ' Critical, ,High,' }],
        }),
      ).toEqual({ field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] });
      expect(ruleOf({ combine: 'all', rows: [{ field: 'clientId', op: 'in', value: '1, 2,x' }] })).toEqual({
        field: 'clientId',
        op: 'in',
        value: [1, 2, 'x'],
      });
    });

    it('gives back the rule it was shown, for every rule the builder can show', () => {
      const rules = [
        { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
        { field: 'findingId', op: 'lte', value: 7 },
        { field: 'context.report.customFields.Region', op: 'contains', value: 'EU' },
        {
          all: [
            { field: 'event', op: 'eq', value: 'FindingPublished' },
            { field: 'targetCuids', op: 'contains', value: 'f1' },
            { field: 'context.report.status', op: 'exists' },
          ],
        },
      ] as FilterRule[];
      for (const rule of rules) expect(ruleOf(rowsOf(rule)!)).toEqual(rule);
    });
  });
});
