import type { JsonSchema } from '@hookpost/connector-sdk';
import { FILTER_OPERATORS, MAX_FILTER_DEPTH, MAX_FILTER_RULES } from './filter-rule';

/*
 * The filter rule of DESIGN §12 in the OpenAPI document, as named components so that the rule can
 * nest (`all`, `any` and `not` hold rules) and the console's generated types know its shape. What
 * a rule may read and how deep it may go is checked at save (filterProblems), not by the schema.
 */

export const FILTER_RULE_SCHEMA = 'FilterRule';
const COMPARISON_SCHEMA = 'FilterComparison';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const scalar = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };
const group = (key: string, description: string): JsonSchema => ({
  type: 'object',
  required: [key],
  properties: { [key]: { type: 'array', minItems: 1, items: ref(FILTER_RULE_SCHEMA), description } },
  additionalProperties: false,
});

export function filterSchemaComponents(): Record<string, JsonSchema> {
  return {
    [COMPARISON_SCHEMA]: {
      type: 'object',
      description: 'One field of the intake body compared with a value',
      required: ['field', 'op'],
      properties: {
        field: {
          type: 'string',
          description:
            'A path into the intake body: a top-level field (status, clientCuid…), ' +
            'context.<section>.<field> or context.report.customFields.<label>',
          example: 'context.finding.severity',
        },
        op: { type: 'string', enum: FILTER_OPERATORS },
        value: {
          description:
            'in: a non-empty array; exists: true (default) or false; any other operator: one value. ' +
            'Text compares without case, and "5" equals 5',
          oneOf: [...scalar.oneOf, { type: 'array', minItems: 1, items: scalar }],
        },
      },
      additionalProperties: false,
    },
    [FILTER_RULE_SCHEMA]: {
      description:
        `A comparison, or rules combined with all, any or not (at most ${MAX_FILTER_RULES} rules, ` +
        `${MAX_FILTER_DEPTH} levels deep)`,
      oneOf: [
        ref(COMPARISON_SCHEMA),
        group('all', 'Matches when every rule matches'),
        group('any', 'Matches when at least one rule matches'),
        {
          type: 'object',
          required: ['not'],
          properties: { not: ref(FILTER_RULE_SCHEMA) },
          additionalProperties: false,
        },
      ],
    },
  };
}

/** A nullable reference to the rule, for a DTO property (OpenAPI 3.0 ignores siblings of a bare $ref). */
export const NULLABLE_FILTER_RULE = { nullable: true, allOf: [ref(FILTER_RULE_SCHEMA)] };
