/** A template that cannot be compiled or rendered; the message says why and, when known, where. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `Line ${line}, column ${column}: ${message}`);
    this.name = 'TemplateError';
  }
}

/** The limits of the render budget (render-budget.ts). */
export type BudgetLimit = 'iterations' | 'operations' | 'characters' | 'milliseconds';

/** A render stopped because it spent its budget; `exceeded` says how, e.g. "more than 10000 loop iterations". */
export class TemplateBudgetError extends TemplateError {
  constructor(
    readonly limit: BudgetLimit,
    readonly exceeded: string,
  ) {
    super(`Template exceeds the render budget: ${exceeded}`);
    this.name = 'TemplateBudgetError';
  }
}
