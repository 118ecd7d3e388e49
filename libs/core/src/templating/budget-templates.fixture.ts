/**
 * Templates for the render budget's spec and `bench/template-budget.ts`, rendered against
 * `largestSampleEvent` (100 custom fields, texts of 4 KB). The hostile ones multiply themselves
 * within the 10,000-character limit and must stop at the budget within a few ms; the legitimate
 * ones must render.
 */

/** `{{#each report.customFields}}{{#each ../report.customFields}}…` nested `depth` times around `body`. */
export function nestedEach(depth: number, body: string): string {
  const opens = Array.from(
    { length: depth },
    (_, level) => `{{#each ${'../'.repeat(level)}report.customFields}}`,
  );
  return opens.join('') + body + '{{/each}}'.repeat(depth);
}

/** `unit` repeated inside `depth` nested loops, as many times as the 10,000 characters allow. */
function filledLoops(depth: number, unit: string): string {
  const room = 10_000 - nestedEach(depth, '').length;
  return nestedEach(depth, unit.repeat(Math.floor(room / unit.length)));
}

export const HOSTILE_TEMPLATES: Record<string, string> = {
  'nested each ×3': nestedEach(3, '{{value}}'),
  'nested each ×4': nestedEach(4, '{{value}}'),
  'nested each ×5': nestedEach(5, '{{value}}'),
  'nested each ×6, empty body': nestedEach(6, ''),
  'nested each ×3, literal body': nestedEach(3, 'x'),
  'huge literal in a loop': filledLoops(1, 'x'),
  'huge literal in nested loops': filledLoops(2, 'x'),
  'empty mustaches in a loop': filledLoops(1, '{{x}}'),
  'empty mustaches in nested loops': filledLoops(2, '{{x}}'),
  'variables in nested loops': filledLoops(2, '%REPORT_NAME%'),
  'long values in a loop': filledLoops(1, '{{value}}'),
  'helpers on long values in nested loops': filledLoops(
    2,
    '{{#if (eq (upper ../../REPORT_NAME) "x")}}{{/if}}',
  ),
};

export const LEGITIMATE_TEMPLATES: Record<string, string> = {
  'PlexTrac default': '%EVENT_NAME%: %CLIENT_NAME%||%REPORT_NAME%',
  'every custom field': '%REPORT_NAME%\n{{#each report.customFields}}• *{{label}}*: {{value}}\n{{/each}}',
  'every custom field, with helpers':
    '{{#each report.customFields}}{{#if value}}{{@index}}. {{upper label}}{{#unless @last}}, {{/unless}}' +
    '{{else}}{{default value "n/a"}}{{/if}}{{/each}}',
  'every variable':
    '%CLIENT_NAME% %CLIENT_ID% %REPORT_NAME% %REPORT_STATUS% %REPORT_URL% %FINDING_TITLE% ' +
    '%FINDING_SEVERITY% %FINDING_URL% %ASSESSMENT_NAME% %ENGAGEMENT_NAME% %ACTOR_NAME% %EVENT_NAME% ' +
    '{{#with report}}{{name}} {{url}}{{/with}} {{#each report.customFields}}{{label}}={{value}};{{/each}}',
  'a big literal': 'x'.repeat(9_000) + '%REPORT_NAME%',
};
