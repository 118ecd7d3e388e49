import { TemplateBudgetError, type BudgetLimit } from './template-error';

/*
 * What one render may spend. A template can multiply itself (loops nested over a long list, a big
 * literal in a loop, thousands of mustaches in a loop), so every helper spends from this budget
 * while rendering and the render stops as soon as a limit is passed, not after. The counted limits
 * stop hostile templates within a few milliseconds; the clock is only a backstop. All are far above
 * what a legitimate template needs for the largest event intake accepts (`largestSampleEvent`).
 */

/** Loop bodies run, all `#each` blocks together: one loop over a 100-item list is 100; two nested ones pass the limit. */
export const MAX_LOOP_ITERATIONS = 10_000;

/**
 * Helper calls: every value, `%NAME%`, piece of literal text, helper and block. Bounds templates
 * that do little per step but many steps (a thousand empty `{{x}}` in a loop); at up to half a
 * microsecond each (a big template's code is not optimised) that is about 5 ms. A legitimate
 * template over a 100-item list needs a few hundred.
 */
export const MAX_RENDER_OPERATIONS = 10_000;

/**
 * Characters written (values before escaping, literal text) or handled by text helpers, counted
 * before the message is cut to its maximum length. Room for one value as long as intake's whole
 * 1 MiB body plus 1 MiB of literal text (a 10,000-character template repeated over 100 items).
 */
export const MAX_RENDER_CHARACTERS = 2 * 1024 * 1024;

/**
 * Wall-clock backstop, read in every helper. The limits above stop hostile templates in a few
 * milliseconds; this is ten times that, so a garbage-collection pause never fails a legitimate
 * render (and the renderer tries once more when only the clock stopped it: see renderTemplate).
 */
export const MAX_RENDER_MS = 50;

export type RenderLimits = Record<BudgetLimit, number>;

export const RENDER_LIMITS: RenderLimits = {
  iterations: MAX_LOOP_ITERATIONS,
  operations: MAX_RENDER_OPERATIONS,
  characters: MAX_RENDER_CHARACTERS,
  milliseconds: MAX_RENDER_MS,
};

/** The spending of one render; each method throws `TemplateBudgetError` once its limit is passed. */
export class RenderBudget {
  private iterations = 0;
  private operations = 0;
  private characters = 0;
  private readonly deadline: number;

  constructor(
    private readonly limits: RenderLimits = RENDER_LIMITS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.deadline = clock() + limits.milliseconds;
  }

  /** One helper call. */
  spendOperation(): void {
    if (++this.operations > this.limits.operations) {
      throw new TemplateBudgetError('operations', `more than ${this.limits.operations} operations`);
    }
    this.checkClock();
  }

  /** One loop body about to run; an empty body calls no helper, so this reads the clock too. */
  spendIteration(): void {
    if (++this.iterations > this.limits.iterations) {
      throw new TemplateBudgetError('iterations', `more than ${this.limits.iterations} loop iterations`);
    }
    this.checkClock();
  }

  spendCharacters(count: number): void {
    this.characters += count;
    if (this.characters > this.limits.characters) {
      throw new TemplateBudgetError('characters', `more than ${this.limits.characters} characters of text`);
    }
  }

  private checkClock(): void {
    if (this.clock() > this.deadline) {
      throw new TemplateBudgetError('milliseconds', `more than ${this.limits.milliseconds} ms of rendering`);
    }
  }
}
