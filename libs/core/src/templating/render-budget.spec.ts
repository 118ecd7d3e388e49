import { EVENT_TYPES, largestSampleEvent, TEST_EVENT } from '@hookpost/connector-sdk';
import { HOSTILE_TEMPLATES, LEGITIMATE_TEMPLATES, nestedEach } from './budget-templates.fixture';
import {
  MAX_LOOP_ITERATIONS,
  MAX_RENDER_CHARACTERS,
  MAX_RENDER_MS,
  MAX_RENDER_OPERATIONS,
  RENDER_LIMITS,
  RenderBudget,
} from './render-budget';
import { TemplateBudgetError, TemplateError } from './template-error';
import { MAX_OUTPUT_LENGTH, renderTemplate } from './template-renderer';

const largest = largestSampleEvent('ReportPublished');
/** Grows text as Slack's escaping does, so escaping costs what it costs for real. */
const slackEscape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fields = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ label: `L${index}`, value: `v${index}` }));
/** A report with `count` short custom fields: cheap data, so only the template's shape costs. */
const withFields = (count: number) => ({
  ...largest,
  context: { ...largest.context, report: { name: 'R', customFields: fields(count) } },
});

/** What stopped the render, or null when it finished. */
function exceeded(template: string, event = largest): string | null {
  try {
    renderTemplate(template, event, slackEscape);
    return null;
  } catch (error) {
    if (error instanceof TemplateBudgetError) return error.exceeded;
    throw error;
  }
}

describe('RenderBudget', () => {
  const limits = { iterations: 2, operations: 3, characters: 10, milliseconds: 5 };

  it('counts each limit and says which one was passed', () => {
    const budget = new RenderBudget(limits, () => 0);
    budget.spendIteration();
    budget.spendIteration();
    expect(() => budget.spendIteration()).toThrow(
      new TemplateBudgetError('iterations', 'more than 2 loop iterations'),
    );
    budget.spendOperation();
    budget.spendOperation();
    budget.spendOperation();
    expect(() => budget.spendOperation()).toThrow(
      'Template exceeds the render budget: more than 3 operations',
    );
    budget.spendCharacters(10);
    expect(() => budget.spendCharacters(1)).toThrow('more than 10 characters of text');
  });

  it('stops on the clock, read at every operation and iteration', () => {
    let now = 100;
    const budget = new RenderBudget(limits, () => now);
    budget.spendOperation();
    now = 105;
    budget.spendIteration();
    now = 105.1;
    expect(() => budget.spendIteration()).toThrow('more than 5 ms of rendering');
    expect(() => budget.spendOperation()).toThrow(TemplateBudgetError);
  });

  it('is a TemplateError, so every caller that handles bad templates handles it', () => {
    const error = new TemplateBudgetError('iterations', 'more than 1 loop iterations');
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe('Template exceeds the render budget: more than 1 loop iterations');
  });

  it('has the documented limits', () => {
    expect(RENDER_LIMITS).toEqual({
      iterations: MAX_LOOP_ITERATIONS,
      operations: MAX_RENDER_OPERATIONS,
      characters: MAX_RENDER_CHARACTERS,
      milliseconds: MAX_RENDER_MS,
    });
    expect(MAX_RENDER_CHARACTERS).toBeGreaterThan(1024 * 1024 + 10_000); // a 1 MiB value and the template
  });
});

describe('the render budget, enforced while rendering', () => {
  // The clock holds still (fake timers fake performance.now), so only a counted limit can stop a render
  // here, however loaded the machine; how fast they stop it, `npm run bench` measures. The clock's own
  // part is tested below, with its reads scripted.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('stops nested loops at the iteration limit, however short the template', () => {
    expect(exceeded(nestedEach(3, ''), withFields(30))).toBe('more than 10000 loop iterations');
    expect(exceeded(nestedEach(6, ''))).toBe('more than 10000 loop iterations');
    expect(exceeded(nestedEach(2, ''), withFields(99))).toBeNull(); // 99 + 99² iterations fit
  });

  it('stops many cheap steps at the operation limit', () => {
    expect(exceeded(nestedEach(3, '{{x}}{{x}}'), withFields(30))).toBe('more than 10000 operations');
    expect(exceeded(nestedEach(2, '{{x}}{{x}}'), withFields(80))).toBe('more than 10000 operations');
    expect(exceeded(nestedEach(2, '{{x}}{{x}}'), withFields(70))).toBeNull(); // 70 + 2 × 70² fit
  });

  it('counts literal template text and values against the character limit', () => {
    const literal = 'x'.repeat(5_000);
    expect(exceeded(nestedEach(2, literal))).toBe('more than 2097152 characters of text');
    expect(exceeded(nestedEach(2, '{{value}}'))).toBe('more than 2097152 characters of text');
    expect(exceeded(nestedEach(1, '{{upper ../REPORT_NAME}}'.repeat(10)))).toBe(
      'more than 2097152 characters of text',
    );
  });

  it('lets one value as long as the whole intake body through, cut to the message limit', () => {
    const event = { ...largest, context: { report: { name: 'n'.repeat(1024 * 1024) } } };
    const output = renderTemplate('Report: %REPORT_NAME%', event);
    expect(output).toHaveLength(MAX_OUTPUT_LENGTH);
    expect(output.endsWith('…')).toBe(true);
  });

  it('keeps the output within the message limit while a loop is still running', () => {
    const output = renderTemplate(nestedEach(1, 'y'.repeat(2_000)), largest);
    expect(output).toHaveLength(MAX_OUTPUT_LENGTH);
  });

  describe('when only the clock stops a render', () => {
    afterEach(() => jest.restoreAllMocks());
    /** performance.now() reads: 0, except the `stalled` ones (0-based), an hour later. */
    const clock = (stalled: (read: number) => boolean) => {
      let read = 0;
      jest.spyOn(performance, 'now').mockImplementation(() => (stalled(read++) ? 3_600_000 : 0));
    };

    it('tries once more, so a stall does not fail a legitimate render', () => {
      clock((read) => read === 1); // the first helper of the first render
      expect(renderTemplate('%CLIENT_NAME%!', largest)).toBe(`${largest.context.client?.name}!`);
    });

    it('refuses a template the clock stops twice', () => {
      clock((read) => read % 2 === 1);
      expect(() => renderTemplate('%CLIENT_NAME%!', largest)).toThrow('more than 50 ms of rendering');
    });
  });

  it.each([...EVENT_TYPES, TEST_EVENT] as const)(
    'renders every legitimate template for the largest %s',
    (type) => {
      for (const template of Object.values(LEGITIMATE_TEMPLATES)) {
        expect(() => renderTemplate(template, largestSampleEvent(type), slackEscape)).not.toThrow();
      }
    },
  );

  it.each(Object.entries(HOSTILE_TEMPLATES))(
    'stops "%s" with a counted limit, not the clock',
    (_name, template) => {
      expect(template.length).toBeLessThanOrEqual(10_000);
      const stoppedBy = exceeded(template);
      if (stoppedBy !== null) expect(stoppedBy).not.toMatch(/ ms /);
    },
  );
});
