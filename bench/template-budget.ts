import { largestSampleEvent } from '@hookpost/connector-sdk';
import { renderTemplate, TemplateBudgetError } from '@hookpost/core/templating';
import { HOSTILE_TEMPLATES, LEGITIMATE_TEMPLATES } from '@hookpost/core/templating/budget-templates.fixture';

/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/template-budget.ts`:
 * the event-loop time each template costs per render on the largest sample event, with an escape
 * that grows text as Slack's does, and which budget limit stopped it. The first call (compiling,
 * cached afterwards) is shown apart; then RUNS renders give the median, 99th percentile and worst.
 */
const RUNS = 500;
const event = largestSampleEvent('ReportPublished');
const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function render(template: string): string {
  try {
    return `rendered ${renderTemplate(template, event, escape).length} chars`;
  } catch (error) {
    if (error instanceof TemplateBudgetError) return error.exceeded;
    throw error;
  }
}

function measure(templates: Record<string, string>) {
  return Object.entries(templates).map(([name, template]) => {
    const start = performance.now();
    render(template);
    const compileMs = performance.now() - start;
    const times: number[] = [];
    let outcome = '';
    for (let run = 0; run < RUNS; run++) {
      const begin = performance.now();
      outcome = render(template);
      times.push(performance.now() - begin);
    }
    times.sort((a, b) => a - b);
    const ms = (value: number) => value.toFixed(2);
    return {
      template: name,
      chars: template.length,
      'first call ms': ms(compileMs),
      'median ms': ms(times[Math.floor(RUNS / 2)]),
      'p99 ms': ms(times[Math.floor(RUNS * 0.99)]),
      'worst ms': ms(times[RUNS - 1]),
      outcome,
    };
  });
}

console.table(measure(HOSTILE_TEMPLATES));
console.table(measure(LEGITIMATE_TEMPLATES));
