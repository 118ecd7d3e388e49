import Ajv from 'ajv';
import { filterSchemaComponents, FILTER_RULE_SCHEMA } from './filter-rule.schema';
import { filterProblems } from './filter-validator';

/** The documented shape (what the console's types come from) against the validator the API uses. */
describe('the FilterRule schema', () => {
  const ajv = new Ajv({ strict: false }).addSchema({
    $id: 'doc',
    components: { schemas: filterSchemaComponents() },
  });
  const schemaAccepts = ajv.compile({ $ref: `doc#/components/schemas/${FILTER_RULE_SCHEMA}` });

  it('takes every rule the validator takes', () => {
    const rules = [
      { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
      { field: 'context.report.customFields.Ticket', op: 'exists' },
      { field: 'clientId', op: 'gte', value: 10 },
      { field: 'status', op: 'exists', value: false },
      {
        all: [
          { any: [{ field: 'status', op: 'eq', value: 'Published' }] },
          { not: { field: 'context.finding.title', op: 'contains', value: 'test' } },
        ],
      },
    ];
    for (const rule of rules) expect({ rule, valid: schemaAccepts(rule) }).toEqual({ rule, valid: true });
    expect(rules.flatMap((rule) => filterProblems(rule))).toEqual([]);
  });

  it('refuses the shapes the validator refuses', () => {
    const broken = [
      { field: 'status', op: 'like', value: 'P%' },
      { field: 'status', op: 'in', value: [] },
      { field: 'status', op: 'eq', value: { nested: true } },
      { field: 'status', op: 'eq', value: 'x', extra: 1 },
      { all: [] },
      { any: [{ field: 'status' }] },
      { not: 'text' },
      { all: [{ field: 'status', op: 'eq', value: 'x' }], any: [] },
    ];
    for (const rule of broken) {
      expect({ rule, schema: schemaAccepts(rule), problems: filterProblems(rule).length > 0 }).toEqual({
        rule,
        schema: false,
        problems: true,
      });
    }
  });
});
