import { sampleEvent, type HookpostEvent } from '@hookpost/connector-sdk';
import { MAX_OUTPUT_LENGTH, renderTemplate, TemplateError, validateTemplate } from './template-renderer';

const finding = sampleEvent('FindingPublished');
const slackEscape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const withClientName = (name: string): HookpostEvent =>
  sampleEvent('ReportPublished', { context: { client: { name } } });

describe('renderTemplate', () => {
  it('substitutes PlexTrac %TOKEN%s', () => {
    expect(renderTemplate('%CLIENT_NAME%||%REPORT_NAME%', finding)).toBe(
      'Acme Corp||Q3 External Penetration Test',
    );
  });

  it('substitutes {{NAME}}, context paths and the safe helpers', () => {
    const template =
      '{{EVENT_NAME}} in {{report.name}}: {{upper FINDING_SEVERITY}} {{lower CLIENT_NAME}} ' +
      '{{#if (eq FINDING_SEVERITY "Critical")}}page!{{else}}fyi{{/if}} {{default ASSESSMENT_NAME "none"}} ' +
      '{{#each report.customFields}}[{{label}}={{value}}]{{/each}}{{#unless ENGAGEMENT_NAME}} no engagement{{/unless}}' +
      '{{#with finding}} #{{id}}{{/with}}';
    expect(renderTemplate(template, finding)).toBe(
      'Finding published in Q3 External Penetration Test: CRITICAL acme corp page! none ' +
        '[Engagement Lead=Sam Rivera][Ticket=SEC-2024-118] no engagement #9001',
    );
  });

  it('reads a custom field by its exact label', () => {
    expect(
      renderTemplate('%REPORT_CUSTOM_FIELD_Engagement Lead% / %REPORT_CUSTOM_FIELD_Ticket%', finding),
    ).toBe('Sam Rivera / SEC-2024-118');
    expect(renderTemplate('[%REPORT_CUSTOM_FIELD_ticket%]', finding)).toBe('[]');
  });

  it('renders a known variable without a value as empty and leaves unknown tokens literal', () => {
    expect(renderTemplate('[%ASSESSMENT_NAME%]', finding)).toBe('[]');
    expect(renderTemplate('100% sure, %NOT_A_VAR% and %oops %CLIENT_NAME% 50%', finding)).toBe(
      '100% sure, %NOT_A_VAR% and %oops Acme Corp 50%',
    );
    expect(renderTemplate('{{NOT_A_VAR}}|{{report.nope.deeper}}', finding)).toBe('|');
  });

  it('escapes values only, never the template text', () => {
    const event = withClientName('<!channel> & co');
    expect(renderTemplate('*<b>%CLIENT_NAME%</b>* {{CLIENT_NAME}}', event, slackEscape)).toBe(
      '*<b>&lt;!channel&gt; &amp; co</b>* &lt;!channel&gt; &amp; co',
    );
    expect(renderTemplate('{{{CLIENT_NAME}}}', event, slackEscape)).toBe('&lt;!channel&gt; &amp; co');
    expect(renderTemplate('{{upper CLIENT_NAME}}', event, slackEscape)).toBe('&lt;!CHANNEL&gt; &amp; CO');
  });

  it('never interprets a value as template syntax', () => {
    const event = withClientName('{{REPORT_NAME}} %REPORT_NAME% {{#each x}}');
    expect(renderTemplate('%CLIENT_NAME% / {{CLIENT_NAME}}', event)).toBe(
      '{{REPORT_NAME}} %REPORT_NAME% {{#each x}} / {{REPORT_NAME}} %REPORT_NAME% {{#each x}}',
    );
  });

  it('bounds the output', () => {
    const event = withClientName('x'.repeat(60_000));
    const output = renderTemplate('%CLIENT_NAME%%CLIENT_NAME%%CLIENT_NAME%', event);
    expect(output.length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
    expect(output.length).toBeGreaterThan(MAX_OUTPUT_LENGTH - 10);
  });

  it('refuses an invalid template with a TemplateError', () => {
    expect(() => renderTemplate('{{#if x}}', finding)).toThrow(TemplateError);
  });
});

describe('sandbox', () => {
  const attacks = [
    '{{constructor.constructor "return process"}}',
    '{{constructor.constructor}}',
    '{{lookup this "constructor"}}',
    '{{#with __proto__}}{{polluted}}{{/with}}',
    '{{__proto__}}',
    '{{this.constructor.prototype}}',
    '{{#with report}}{{constructor.name}}{{/with}}',
    '{{@root.constructor}}',
    '{{log "x"}}',
    '{{> partial}}',
    '{{#* inline "p"}}x{{/inline}}',
    '{{{{raw}}}}{{x}}{{{{/raw}}}}',
    '{{helperMissing "x"}}',
    '{{#blockHelperMissing x}}y{{/blockHelperMissing}}',
    '{{foo bar}}',
    '{{upper CLIENT_NAME bold=true}}',
  ];

  it.each(attacks)('refuses %s with a readable reason', (template) => {
    expect(validateTemplate(template)).toMatch(/^Line 1, column \d+: /);
    expect(() => renderTemplate(template, finding)).toThrow(TemplateError);
  });

  it('gives context data no prototype to reach and pollutes nothing', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "name": "Acme"}',
    );
    const event = sampleEvent('ReportPublished', { context: { client: hostile } });
    const output = renderTemplate(
      '{{#each client}}{{@key}}={{this}};{{/each}}{{client.polluted}}{{polluted}}',
      event,
    );
    expect(output).toBe('name=Acme;');
    const labelled = sampleEvent('ReportPublished', {
      context: {
        report: {
          customFields: [
            { label: '__proto__', value: 'x' },
            { label: 'constructor', value: 'y' },
          ],
        },
      },
    });
    expect(renderTemplate('%REPORT_CUSTOM_FIELD___proto__%%REPORT_CUSTOM_FIELD_constructor%', labelled)).toBe(
      'xy',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('prints nothing for objects reachable as data', () => {
    expect(
      renderTemplate('[{{report}}][{{report.customFields}}][{{#with report}}{{this}}{{/with}}]', finding),
    ).toBe('[][][]');
  });

  const internalData = [
    ['{{@hookpost}}', 3, '@hookpost'],
    ['{{@hookpost.budget.left}}', 3, '@hookpost.budget.left'],
    ['x\n  {{#if @hookpost.escape}}y{{/if}}', 9, '@hookpost.escape'],
    ['{{#each @hookpost}}{{@key}}{{/each}}', 9, '@hookpost'],
    ['{{#with @hookpost.variables}}{{CLIENT_NAME}}{{/with}}', 9, '@hookpost.variables'],
    ['{{upper @root.CLIENT_NAME}}', 9, '@root.CLIENT_NAME'],
    ['{{#each report.customFields}}{{@index.x}}{{/each}}', 32, '@index.x'],
    ['{{@level}}', 3, '@level'],
  ] as const;

  it.each(internalData)(
    'refuses the @ data %s at compile, with the position of the path',
    (template, column, path) => {
      const line = template.includes('\n') ? 2 : 1;
      expect(validateTemplate(template)).toBe(
        `Line ${line}, column ${column}: "${path}" cannot be used in a template; ` +
          'of @ data only @index, @key, @first and @last exist',
      );
      expect(() => renderTemplate(template, finding, slackEscape)).toThrow(TemplateError);
    },
  );

  it('keeps the loop data', () => {
    const template =
      '{{#each report.customFields}}{{@index}}:{{@key}}:{{@first}}:{{@last}}' +
      '{{#each ../report.customFields}}[{{@../index}}{{@index}}]{{/each}};{{/each}}' +
      '{{#each report.customFields as |field i|}}{{i}}={{field.label}} {{/each}}';
    expect(renderTemplate(template, finding)).toBe(
      '0:0:true:false[00][01];1:1:false:true[10][11];0=Engagement Lead 1=Ticket ',
    );
    expect(renderTemplate('{{#each client}}{{@key}}{{#if @last}}.{{else}},{{/if}}{{/each}}', finding)).toBe(
      'id,cuid,name.',
    );
  });
});

describe('validateTemplate', () => {
  it('accepts good templates, the PlexTrac default among them', () => {
    expect(validateTemplate('%CLIENT_NAME%||%REPORT_NAME%')).toBeNull();
    expect(validateTemplate('{{#if REPORT_URL}}<{{REPORT_URL}}|open>{{/if}}')).toBeNull();
  });

  it('gives the line and column of a syntax error', () => {
    expect(validateTemplate('Report ready\nfor {{CLIENT_NAME')).toMatch(/^Line 2, column 7: Expecting 'ID'/);
    expect(validateTemplate('a\n  {{#if x}}b{{/each}}')).toBe("Line 2, column 6: if doesn't match each");
    expect(validateTemplate('ok\n{{#each}}x{{/each}}')).toBe('Line 2, column 1: "each" takes 1 argument');
  });

  it('bounds the template size', () => {
    expect(validateTemplate('x'.repeat(10_000))).toBeNull();
    expect(validateTemplate('x'.repeat(10_001))).toBe('Template is 10001 characters; the limit is 10000');
  });
});
